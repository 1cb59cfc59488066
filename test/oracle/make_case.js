// Usage: node make_case.js CASE OUTDIR [--batch N] [--shard-bytes N] [--seed N (the weights')]
// Writes OUTDIR/model.json and its weight shards as TF.js saves a layers model, OUTDIR/summary.json
// (TF.js' output shapes and parameter counts per layer),
// OUTDIR/input.bin (seeded uniform [0, 1) float32) and OUTDIR/expected.bin
// (TF.js' prediction for it), both raw little-endian float32.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('./tf');
const cases = require('./cases');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

// A small seeded generator (mulberry32) for the inputs.
function uniformFloats(count, seed) {
  const out = new Float32Array(count);
  let a = seed >>> 0;
  for (let i = 0; i < count; ++i) {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

async function main() {
  const [name, outDir] = process.argv.slice(2);
  if (!cases[name] || !outDir) {
    console.error(`usage: node make_case.js {${Object.keys(cases).join('|')}} OUTDIR`);
    process.exit(2);
  }
  await tf.setBackend('cpu');
  const batch = option('--batch', 4);
  const shardBytes = option('--shard-bytes', 4 * 1024 * 1024);
  cases.setFirstSeed(option('--seed', 1));
  const built = cases[name]();
  const model = Array.isArray(built) ? tf.sequential({name, layers: built})
                                     : tf.model(Object.assign({name}, built));
  fs.mkdirSync(outDir, {recursive: true});

  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = Buffer.from(artifacts.weightData);
    const paths = [];
    for (let offset = 0, i = 0; offset < data.length; offset += shardBytes, ++i) {
      const shard = `group1-shard${i + 1}.bin`;
      fs.writeFileSync(path.join(outDir, shard), data.subarray(offset, offset + shardBytes));
      paths.push(shard);
    }
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{paths, weights: artifacts.weightSpecs}],
    };
    fs.writeFileSync(path.join(outDir, 'model.json'), JSON.stringify(modelJson));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));

  const inputShape = [batch].concat(model.inputs[0].shape.slice(1));
  const count = inputShape.reduce((a, b) => a * b, 1);
  const input = uniformFloats(count, 1234);
  const output = model.predict(tf.tensor(input, inputShape)).dataSync();
  fs.writeFileSync(path.join(outDir, 'input.bin'), Buffer.from(input.buffer));
  fs.writeFileSync(path.join(outDir, 'expected.bin'), Buffer.from(output.buffer));
  // TF.js' own view of the summary: per-layer output shapes and parameter counts.
  const sizeOf = (ws) => ws.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({
    layers: model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => ({
      name: l.name, className: l.getClassName(), outputShape: l.outputShape,
      params: l.countParams()})),
    trainable: sizeOf(model.trainableWeights), nonTrainable: sizeOf(model.nonTrainableWeights),
  }));
  console.log(`${name}: ${model.countParams()} params, input [${inputShape}], ` +
              `output [${model.outputs[0].shape}], ${output.length} values`);
}

main().catch((e) => { console.error(e); process.exit(1); });
