// The test models, built with TF.js' own layer API so that TF.js writes their model.json.
// Weights come from seeded initialisers (biases too, so that bias handling is checked).
'use strict';
const tf = require('./tf');

let nextSeed = 1;
function init(scale) {
  return tf.initializers.randomUniform({minval: -scale, maxval: scale, seed: nextSeed++});
}
function glorot() {
  return tf.initializers.glorotUniform({seed: nextSeed++});
}
function conv(config) {
  return tf.layers.conv2d(Object.assign(
      {kernelInitializer: glorot(), biasInitializer: init(0.1)}, config));
}
function dense(config) {
  return tf.layers.dense(Object.assign(
      {kernelInitializer: glorot(), biasInitializer: init(0.1)}, config));
}

const cases = {
  // The course notes' Keras MNIST net.
  mnist: () => [
    conv({inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu'}),
    tf.layers.maxPooling2d({poolSize: 2}),
    conv({filters: 32, kernelSize: 3, activation: 'relu'}),
    tf.layers.maxPooling2d({poolSize: 2}),
    tf.layers.flatten(),
    dense({units: 128, activation: 'relu'}),
    tf.layers.dropout({rate: 0.5}),
    dense({units: 10, activation: 'softmax'}),
  ],
  // `same` padding, stride 2 on odd sizes, a non-square kernel, and a Dense
  // head straight after a convolution (no pooling before Flatten).
  same_stride2: () => [
    conv({inputShape: [13, 11, 3], filters: 8, kernelSize: [3, 2], strides: 2,
          padding: 'same', activation: 'relu'}),
    tf.layers.averagePooling2d({poolSize: 3, strides: 2, padding: 'same'}),
    conv({filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh'}),
    tf.layers.flatten(),
    dense({units: 7, activation: 'sigmoid'}),
    dense({units: 5, activation: 'linear', useBias: false}),
  ],
  // Overlapping max pooling with `same` padding, dilation, no conv bias and a
  // softmax layer of its own.
  pool_dilation: () => [
    conv({inputShape: [12, 12, 2], filters: 4, kernelSize: 3, dilationRate: 2,
          useBias: false, activation: 'linear'}),
    tf.layers.reLU(),
    tf.layers.maxPooling2d({poolSize: 3, strides: 2, padding: 'same'}),
    tf.layers.flatten(),
    dense({units: 6}),
    tf.layers.softmax(),
  ],
};

module.exports = cases;
