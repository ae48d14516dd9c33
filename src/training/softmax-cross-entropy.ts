/**
 * The classification loss of the image classifier: the mean softmax cross-entropy and its gradient.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * For logits a [n, classes] and integer labels y [n]: returns `loss` = (1/n) Σ_i −log softmax(a_i)[y_i]
 * (nats, the quantity to minimize, ≥ 0), `dLogits` = ∂loss/∂a = (softmax(a) − onehot(y))/n, and
 * `correct`, the number of rows whose largest logit is the label's (ties: the first). log softmax is
 * a − max a − log Σ exp(a − max a), so no exp overflows.
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: Int32Array): { loss: number; dLogits: tf.Tensor2D; correct: number } {
  const [n, classes] = logits.shape;
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows of logits`);
  const [lossT, dLogits, predicted] = tf.tidy(() => {
    const logProb = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
    const loss = tf.neg(tf.div(tf.sum(tf.mul(logProb, oneHot)), n));
    const d = tf.div(tf.sub(tf.exp(logProb), oneHot), n) as tf.Tensor2D;
    return [loss, d, tf.argMax(logits, 1)];
  });
  const loss = lossT.dataSync()[0];
  const p = predicted.dataSync();
  let correct = 0;
  for (let i = 0; i < n; i++) if (p[i] === labels[i]) correct++;
  lossT.dispose();
  predicted.dispose();
  return { loss, dLogits, correct };
}
