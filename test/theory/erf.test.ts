/**
 * erf, erfc and Φ against 40-digit references (mpmath), in both tails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erf, erfc, standardNormalCdf } from '../../src/theory/erf.js';

// [x, erf(x), erfc(x)], mpmath at 40 digits, rounded to 17.
const ERF_TABLE: [number, number, number][] = [
  [-30, -1.0, 2.0],
  [-5, -9.9999999999846254e-1, 1.9999999999984625],
  [-3, -9.9997790950300141e-1, 1.9999779095030014],
  [-1, -8.4270079294971487e-1, 1.8427007929497149],
  [-0.5, -5.2049987781304654e-1, 1.5204998778130465],
  [-0.1, -1.124629160182849e-1, 1.1124629160182849],
  [0, 0.0, 1.0],
  [1e-9, 1.1283791670955126e-9, 0.99999999887162083],
  [0.25, 2.7632639016823693e-1, 0.72367360983176307],
  [0.46875, 4.9261347321793799e-1, 0.50738652678206201],
  [0.5, 5.2049987781304654e-1, 0.47950012218695346],
  [1, 8.4270079294971487e-1, 0.15729920705028513],
  [2, 9.9532226501895273e-1, 0.0046777349810472658],
  [3.5, 9.9999925690162766e-1, 7.4309837234141275e-7],
  [4, 9.999999845827421e-1, 1.5417257900280019e-8],
  [4.5, 9.9999999980338396e-1, 1.9661604415428875e-10],
  [6, 9.9999999999999998e-1, 2.1519736712498913e-17],
  [10, 1.0, 2.0884875837625448e-45],
  [20, 1.0, 5.3958656116079009e-176],
  [26, 1.0, 5.6631924088561428e-296],
];

// [x, Φ(x)], mpmath at 40 digits.
const PHI_TABLE: [number, number][] = [
  [-37, 5.7255712225245768e-300],
  [-30, 4.9067139271481871e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.6198530241605261e-24],
  [-8, 6.2209605742717841e-16],
  [-5, 2.8665157187919391e-7],
  [-3, 0.0013498980316300945],
  [-1.5, 0.066807201268858066],
  [-1, 0.15865525393145705],
  [-0.3, 0.38208857781104737],
  [0, 0.5],
  [0.3, 0.61791142218895263],
  [1, 0.84134474606854295],
  [2, 0.97724986805182079],
  [3, 0.99865010196836991],
  [5, 0.99999971334842812],
  [8, 0.99999999999999938],
];

const relErr = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('error function (Cody 1969)', () => {
  it('erf and erfc to 1e-15 relative, including erfc far in the right tail', () => {
    for (const [x, e, ec] of ERF_TABLE) {
      assert.ok(relErr(erf(x), e) < 1e-15, `erf(${x}) = ${erf(x)} vs ${e}`);
      assert.ok(relErr(erfc(x), ec) < 1e-15, `erfc(${x}) = ${erfc(x)} vs ${ec}`);
    }
  });

  it('odd symmetry, erf + erfc = 1, limits and NaN', () => {
    for (const x of [0.1, 0.7, 2.2, 5.5]) {
      assert.equal(erf(-x), -erf(x));
      assert.ok(Math.abs(erf(x) + erfc(x) - 1) < 2e-16);
    }
    assert.equal(erfc(30), 0);
    assert.equal(erf(Infinity), 1);
    assert.equal(erfc(-Infinity), 2);
    assert.ok(Number.isNaN(erf(NaN)) && Number.isNaN(erfc(NaN)));
  });

  it('Φ to 1e-14 relative from −37 to 8 (the rounding of x/√2 is corrected)', () => {
    for (const [x, p] of PHI_TABLE) assert.ok(relErr(standardNormalCdf(x), p) < 1e-14, `Φ(${x}) = ${standardNormalCdf(x)} vs ${p}`);
    assert.ok(Math.abs(standardNormalCdf(1) - 0.8413447460685429) < 1e-13);
    assert.ok(Math.abs(standardNormalCdf(-3) - 0.0013498980316301) < 1e-13);
    assert.equal(standardNormalCdf(-50), 0);
    assert.equal(standardNormalCdf(Infinity), 1);
  });
});
