// Evaluates the committed classifier model on the dev split of data/classifier (examples the
// training script never sees): precision / recall / F1 per language, plus tag accuracy.
// `--errors` lists the misclassified examples; `--titles` classifies titles alone (feeds without
// summaries); `--probe` scores data/classifier/probe (untagged real-style headlines kept out of
// training); `--all` scores the whole dataset, train split included (sanity only); `--cv` runs a
// 5-fold cross-validation inside the train split (for choosing settings without touching dev).
import { isDevExample } from '../src/core/classify/dataset.js'
import { classify, defaultModel } from '../src/core/classify/index.js'
import { loadDataset, trainModel } from './train-classifier.js'

interface Counts {
  tp: number
  fp: number
  fn: number
  tn: number
}

function metrics(c: Counts): { precision: number; recall: number; f1: number; accuracy: number } {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp)
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { precision, recall, f1, accuracy: (c.tp + c.tn) / (c.tp + c.fp + c.fn + c.tn) }
}

function crossValidate(): void {
  const train = loadDataset().filter((e) => !isDevExample(e.id))
  const folds = 5
  // Out-of-fold scores: [truth, title+summary score, title-only score].
  const scored: [boolean, number, number][] = []
  for (let fold = 0; fold < folds; fold++) {
    const model = trainModel(train.filter((_, i) => i % folds !== fold))
    train.forEach((example, i) => {
      if (i % folds !== fold) return
      scored.push([
        example.label === 'controversy',
        classify(example, model).score,
        classify({ title: example.title }, model).score,
      ])
    })
  }
  console.log(`${folds}-fold cross-validation on ${train.length} train examples, by threshold:`)
  for (const threshold of [0.5, 0.6, 0.65, 0.7, 0.75, 0.8]) {
    const line = ([1, 2] as const).map((column) => {
      const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 }
      for (const row of scored) {
        const predicted = row[column] >= threshold
        if (row[0] && predicted) c.tp++
        else if (!row[0] && predicted) c.fp++
        else if (row[0]) c.fn++
        else c.tn++
      }
      const m = metrics(c)
      return `P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)} F1 ${m.f1.toFixed(3)}`
    })
    console.log(`  ${threshold.toFixed(2)}  title+summary ${line[0]}  |  titles only ${line[1]}`)
  }
}

function main(): void {
  const args = process.argv.slice(2)
  if (args.includes('--cv')) return crossValidate()
  const showErrors = args.includes('--errors')
  const titlesOnly = args.includes('--titles')
  const split = args.includes('--probe') ? 'probe' : args.includes('--all') ? 'all' : 'dev'
  const examples =
    split === 'probe'
      ? loadDataset('data/classifier/probe', false)
      : loadDataset().filter((e) => split === 'all' || isDevExample(e.id))
  const byLang = new Map<string, Counts>()
  let tagHits = 0
  let tagTotal = 0
  const errors: string[] = []
  for (const example of examples) {
    const result = classify(titlesOnly ? { title: example.title } : example)
    const counts = byLang.get(example.lang) ?? { tp: 0, fp: 0, fn: 0, tn: 0 }
    byLang.set(example.lang, counts)
    const truth = example.label === 'controversy'
    const predicted = result.label === 'controversy'
    if (truth && predicted) counts.tp++
    else if (!truth && predicted) counts.fp++
    else if (truth && !predicted) counts.fn++
    else counts.tn++
    if (truth && predicted && example.tags.length > 0) {
      tagTotal++
      if (result.tags.some((t) => example.tags.includes(t))) tagHits++
    }
    if (truth !== predicted) {
      errors.push(
        `${truth ? 'FN' : 'FP'} ${result.score.toFixed(3)} ${example.id} ${example.title}`
      )
    }
  }
  console.log(
    `model ${defaultModel.modelVersion}, split ${split}${titlesOnly ? ' (titles only)' : ''}, ${examples.length} examples`
  )
  const total: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 }
  const rows = [...byLang].sort(([a], [b]) => a.localeCompare(b))
  for (const [, c] of rows) {
    for (const k of ['tp', 'fp', 'fn', 'tn'] as const) total[k] += c[k]
  }
  for (const [lang, c] of [...rows, ['all', total] as [string, Counts]]) {
    const m = metrics(c)
    console.log(
      `${lang.padEnd(4)} n=${String(c.tp + c.fp + c.fn + c.tn).padStart(4)}  precision ${m.precision.toFixed(3)}  ` +
        `recall ${m.recall.toFixed(3)}  F1 ${m.f1.toFixed(3)}  accuracy ${m.accuracy.toFixed(3)}  ` +
        `(tp ${c.tp} fp ${c.fp} fn ${c.fn} tn ${c.tn})`
    )
  }
  console.log(
    `tags: at least one true tag among predicted on ${tagHits}/${tagTotal} detected controversies`
  )
  if (showErrors) for (const line of errors) console.log(line)
}

main()
