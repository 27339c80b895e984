// Greedy decoding with llama.cpp (node-llama-cpp, CPU build) for comparison with the Java engine.
//
//   node greedy.mjs --model FILE.gguf --prompt TEXT [--tokens N] [--threads N]
//   node greedy.mjs --model FILE.gguf --bench-decode N [--threads N]   decode tok/s at batch 1
//   node greedy.mjs --model FILE.gguf --bench-prefill N [--threads N]  prefill tok/s for N tokens
//   node greedy.mjs --model FILE.gguf --bench-batch S --tokens N [--threads N]
//                                            aggregate tok/s of S sequences decoding together
//
// Prints one JSON object on stdout: the prompt's token ids (with BOS where the model wants it),
// the generated ids, and tokens per second.
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const modelPath = arg("--model");
if (!modelPath) {
  console.error("usage: node greedy.mjs --model FILE.gguf (--prompt TEXT | --bench-decode N | --bench-prefill N)");
  process.exit(2);
}
const threads = Number(arg("--threads", "1"));
const llama = await getLlama({
  gpu: false,
  build: "never",
  logLevel: LlamaLogLevel.error,
  maxThreads: threads,
});
const model = await llama.loadModel({ modelPath, gpuLayers: 0 });

function withBos(tokens) {
  const bos = model.tokens.bos;
  return model.tokens.shouldPrependBosToken && bos != null ? [bos, ...tokens] : tokens;
}

async function generate(prompt, n, contextSize) {
  const context = await model.createContext({
    contextSize,
    batchSize: Math.min(512, contextSize),
    threads: { ideal: threads, min: threads },
  });
  const seq = context.getSequence();
  const out = [];
  const start = process.hrtime.bigint();
  let firstAt = null;
  for await (const token of seq.evaluate(prompt, { temperature: 0 })) {
    if (firstAt === null) firstAt = process.hrtime.bigint();
    out.push(token);
    if (out.length >= n) break;
  }
  const end = process.hrtime.bigint();
  await context.dispose();
  return { out, prefillS: Number(firstAt - start) / 1e9, decodeS: Number(end - firstAt) / 1e9 };
}

async function batch(sequences, n) {
  const context = await model.createContext({
    contextSize: 256 * sequences,
    sequences,
    batchSize: 512,
    threads: { ideal: threads, min: threads },
  });
  const prompt = withBos(model.tokenize("Once upon a time"));
  // Warm up with the prompts, then time n tokens from every sequence evaluated together.
  const seqs = [];
  for (let i = 0; i < sequences; i++) seqs.push(context.getSequence());
  let counted = 0;
  let start = null;
  await Promise.all(
    seqs.map(async (seq) => {
      let k = 0;
      for await (const token of seq.evaluate(prompt, { temperature: 0 })) {
        if (k === 0 && start === null) start = process.hrtime.bigint();
        k++;
        if (k > 1) counted++;
        if (k > n) break;
      }
    }),
  );
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  await context.dispose();
  return { aggregateTokensPerSecond: counted / s, sequences, tokens: counted };
}

let result;
const benchBatch = arg("--bench-batch");
const benchDecode = arg("--bench-decode");
const benchPrefill = arg("--bench-prefill");
if (benchBatch) {
  result = await batch(Number(benchBatch), Number(arg("--tokens", "16")));
} else if (benchDecode) {
  // Generation never stops at EOS here: a random-weight model may emit it at any point, so the
  // count is of tokens evaluated, stopping only at N.
  const n = Number(benchDecode);
  const r = await generate(withBos(model.tokenize("Once upon a time")), n + 1, 2048);
  result = { decodeTokensPerSecond: (r.out.length - 1) / r.decodeS, tokens: r.out.length };
} else if (benchPrefill) {
  const n = Number(benchPrefill);
  const prompt = [];
  for (let i = 0; prompt.length < n; i++) prompt.push(3 + (i * 7919) % 200);
  const r = await generate(prompt, 1, n + 16);
  result = { prefillTokensPerSecond: n / r.prefillS };
} else {
  const promptTokens = withBos(model.tokenize(arg("--prompt", "Once upon a time")));
  const n = Number(arg("--tokens", "32"));
  const r = await generate(promptTokens, n, Math.min(2048, model.trainContextSize));
  result = {
    promptTokens,
    tokens: r.out,
    eos: model.tokens.eos,
    decodeTokensPerSecond: r.out.length > 1 ? (r.out.length - 1) / r.decodeS : null,
  };
}
result.peakRssBytes = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify(result));
await model.dispose();
await llama.dispose();
