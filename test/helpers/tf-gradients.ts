/** Registers TF.js's gradient functions (from the @tensorflow/tfjs bundle), for cross-checks only. */
import '@tensorflow/tfjs';
