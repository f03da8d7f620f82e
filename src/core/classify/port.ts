import { classify, defaultModel, type Classification, type ClassifiableItem } from './index.js'
import type { ClassifierModel } from './model.js'

/**
 * Anything that classifies items: the offline model (default) or an LLM behind HTTP. Async so
 * remote implementations fit; the offline one answers immediately.
 */
export interface Classifier {
  classify(item: ClassifiableItem): Promise<Classification>
}

/**
 * The offline logistic-regression classifier behind the {@link Classifier} port.
 *
 * @example
 * const classifier = createOfflineClassifier()
 * await classifier.classify({ title: 'MMLU scores inflated, researchers say' }) // { label: 'controversy', … }
 */
export function createOfflineClassifier(model: ClassifierModel = defaultModel): Classifier {
  return {
    async classify(item) {
      return classify(item, model)
    },
  }
}
