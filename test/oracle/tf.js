// TF.js on its pure-JS CPU backend, without the banner that advertises tfjs-node.
'use strict';
const log = console.log;
console.log = () => {};
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const layers = require('@tensorflow/tfjs-layers');
console.log = log;
Object.assign(tf, {layers: layers.layers, initializers: layers.initializers,
                   input: layers.input, model: layers.model,
                   sequential: layers.sequential, models: layers});
module.exports = tf;
