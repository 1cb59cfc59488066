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

function bn(config) {
  return tf.layers.batchNormalization(Object.assign({
    gammaInitializer: tf.initializers.randomUniform({minval: 0.5, maxval: 1.5, seed: nextSeed++}),
    betaInitializer: init(0.3),
    movingMeanInitializer: init(0.3),
    movingVarianceInitializer: tf.initializers.randomUniform({minval: 0.5, maxval: 2, seed: nextSeed++}),
  }, config));
}

// Every activation name TF.js knows, each on its own branch of one Dense layer.
const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid',
                     'tanh', 'softplus', 'softsign', 'swish', 'gelu', 'gelu_new', 'mish',
                     'softmax', 'logSoftmax'];

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
  // Every activation: a Dense layer whose outputs span about [-4, 4], then one
  // branch per activation, concatenated.
  activations: () => {
    const input = tf.input({shape: [6]});
    const pre = tf.layers.dense({units: 8, kernelInitializer: tf.initializers.randomUniform(
        {minval: -1.5, maxval: 1.5, seed: nextSeed++}), biasInitializer: init(1)}).apply(input);
    const branches = ACTIVATIONS.map((a) => tf.layers.activation({activation: a}).apply(pre));
    return {inputs: input, outputs: tf.layers.concatenate().apply(branches)};
  },
  // The activation layers with parameters, and activations given to Conv2D.
  activation_layers: () => [
    conv({inputShape: [9, 9, 2], filters: 4, kernelSize: 3, activation: 'selu'}),
    tf.layers.leakyReLU({alpha: 0.1}),
    conv({filters: 4, kernelSize: 2, activation: 'linear'}),
    tf.layers.elu(),  // TF.js supports only alpha = 1; other alphas are checked against numpy
    conv({filters: 4, kernelSize: 2, activation: 'linear'}),
    tf.layers.reLU({maxValue: 0.5}),
    tf.layers.flatten(),
    dense({units: 5, activation: 'gelu'}),
    tf.layers.softmax(),
  ],
  // Overlapping pooling in both paddings, global average pooling, and
  // convolutions with non-square kernels, unequal strides and dilation.
  pooling: () => [
    conv({inputShape: [15, 12, 3], filters: 6, kernelSize: [2, 3], strides: [2, 1],
          padding: 'same', activation: 'relu'}),
    tf.layers.maxPooling2d({poolSize: 3, strides: 1, padding: 'valid'}),
    tf.layers.averagePooling2d({poolSize: [3, 2], strides: [2, 3], padding: 'same'}),
    conv({filters: 5, kernelSize: 3, dilationRate: [1, 2], padding: 'same', useBias: false}),
    tf.layers.maxPooling2d({poolSize: 2, strides: 2, padding: 'same'}),
    tf.layers.globalAveragePooling2d({}),
    dense({units: 4, activation: 'softmax'}),
  ],
  global_max: () => [
    conv({inputShape: [10, 10, 1], filters: 7, kernelSize: 3, activation: 'tanh'}),
    tf.layers.globalMaxPooling2d({}),
    dense({units: 3}),
  ],
  // ZeroPadding2D (asymmetric), Reshape, and Dense on a 3-D input.
  padding_reshape: () => [
    tf.layers.zeroPadding2d({inputShape: [7, 6, 2], padding: [[1, 2], [0, 3]]}),
    conv({filters: 3, kernelSize: 3, activation: 'relu'}),
    tf.layers.reshape({targetShape: [56, 3]}),
    dense({units: 4, activation: 'tanh'}),
    tf.layers.reshape({targetShape: [224]}),
    dense({units: 6}),
  ],
  // BatchNormalization with random moving statistics, with and without
  // center / scale, after convolutions and after Dense.
  batchnorm: () => [
    conv({inputShape: [8, 8, 3], filters: 6, kernelSize: 3, padding: 'same', useBias: false}),
    bn({epsilon: 0.01}),
    tf.layers.reLU(),
    conv({filters: 4, kernelSize: 3}),
    bn({center: false}),
    tf.layers.flatten(),
    dense({units: 5}),
    bn({scale: false}),
    tf.layers.activation({activation: 'sigmoid'}),
  ],
  // A small ResNet: residual blocks (Add), a projection shortcut, and the
  // other merges (Concatenate, Multiply, Average, Maximum, Minimum).
  resnet: () => {
    const input = tf.input({shape: [12, 12, 3]});
    const stem = conv({filters: 8, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(input);
    let x = conv({filters: 8, kernelSize: 3, padding: 'same'}).apply(stem);
    x = bn({}).apply(x);
    x = tf.layers.reLU().apply(x);
    x = conv({filters: 8, kernelSize: 3, padding: 'same'}).apply(x);
    x = bn({}).apply(x);
    x = tf.layers.reLU().apply(tf.layers.add().apply([x, stem]));
    const down = conv({filters: 12, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu'}).apply(x);
    const shortcut = conv({filters: 12, kernelSize: 1, strides: 2}).apply(x);
    x = tf.layers.add().apply([down, shortcut]);
    const a = conv({filters: 12, kernelSize: 1, activation: 'sigmoid'}).apply(x);
    const b = conv({filters: 12, kernelSize: 3, padding: 'same', activation: 'tanh'}).apply(x);
    const merged = [tf.layers.multiply().apply([x, a]), tf.layers.average().apply([x, a, b]),
                    tf.layers.maximum().apply([a, b]), tf.layers.minimum().apply([a, b])];
    x = tf.layers.concatenate({axis: -1}).apply(merged);
    x = tf.layers.maxPooling2d({poolSize: 2}).apply(x);
    x = tf.layers.globalAveragePooling2d({}).apply(x);
    return {inputs: input, outputs: dense({units: 5, activation: 'softmax'}).apply(x)};
  },
};

// The first initialiser seed (default 1): another gives the same topology with other weights.
Object.defineProperty(cases, 'setFirstSeed', {value: (seed) => { nextSeed = seed; }});

module.exports = cases;
