// Hand-written cue lexicons, English and Russian. Each group gathers the many rare ways news
// phrases one idea ("inflated", "overstated", "завышены", "раздуты") into one feature the model
// can weigh, which is what lets a few hundred training headlines generalise to unseen wording.
// Entries match at the start of a lower-cased word (ё folded to е), so a stem-like prefix covers
// its inflections; entries with spaces match word sequences.

// Entries are written as "a | b | c" lists: a lexicon reads better as prose than one quoted
// string per line.
function list(entries: string): string[] {
  return entries
    .split(/\s*\|\s*|\n/)
    .map((e) => e.trim())
    .filter(Boolean)
}

/** A named group of cue prefixes. */
export interface CueGroup {
  name: CueName
  prefixes: string[]
}

/** The cue groups the classifier knows. */
export type CueName =
  | 'doubt'
  | 'inflated'
  | 'contamination'
  | 'cherryPicking'
  | 'gaming'
  | 'nonReproducible'
  | 'undisclosed'
  | 'conflict'
  | 'fabricated'
  | 'methodology'
  | 'confirm'
  | 'negation'
  | 'claim'
  | 'independent'
  | 'launch'
  | 'newBenchmark'
  | 'leaderboard'
  | 'evaluation'
  | 'otherScandal'
  | 'business'
  | 'antiContamination'
  | 'explainer'

/**
 * The cue lexicons, one group per idea. Each present group is a feature `q:<name>`.
 *
 * @example
 * CUE_GROUPS.find((g) => g.name === 'inflated')?.prefixes.includes('завыш') // true
 */
export const CUE_GROUPS: CueGroup[] = [
  {
    // A benchmark built against leakage is news about a benchmark, not an accusation.
    name: 'antiContamination',
    prefixes: list(`
      contamination free | contamination-free | free of contamination | free from contamination
      detect contamination | detect benchmark contamination | detecting contamination
      contamination detection | refresh | refreshes | held-out | held out | keep test data out
      resist memoris | resist memoriz | harder to memoris | harder to memoriz | без утечек
      обнаружени утечек | обнаружения утечек | не допустить попадания | обновляются
      усложняет запоминание | отложенн
    `),
  },
  {
    name: 'explainer',
    prefixes: list(`
      how to | how$ | what is | what are | explainer | explained | guide | tutorial | step by step
      step-by-step | beginner | как$ | что такое | зачем | руководств | пошагов | объясняем
      разбираем | гид
    `),
  },
  {
    name: 'doubt',
    prefixes: list(`
      lie$ | lies$ | lied$ | lying | caught | contradict | flunk | shouldn't trust | don't trust
      not trust | can't trust | distrust | untrustworth | broken | misled | deceiv | deceptive
      embarrass | усомн | уличи | жалу | не стоит верить | не верьте | нельзя верить | не доверя
      обман | лож | неудобн | позор | разочаров | question | doubt | disput | accus | alleg
      critic | skeptic | sceptic | suspic | suspect | scrutin | controvers | scandal | mislead
      misrepresent | dubious | bogus | red flag | call into question | called into question
      calls into question | cast doubt | casts doubt | under fire | backlash | slammed | mocked
      denies | denied | deny | apologis | apologiz | walks back | walk back | retract | withdraw
      pulled | pulls | admit | concede | concedes | whistleblow | trick | illusion | myth | mirage
      hype | сомн | сомнев | под вопрос | обвин | уличил | уличили | подозр | критик | скандал
      спорн | вызыва | заблужд | нечестн | признал | признала | признали | отозвал | отозвали
      отрица | отверга | извин | иллюзи | миф | разоблач | информатор | пустышк | лукав | подвох
      хайп | хватит верить | не верить | оспар | скептич | asterisk | звездочк | раскритик
      спорят | корректност | unfair | несправедлив | favouring | favoring | skew | искаж
      overhype | too good | слишком хорош | stop trusting | stop believing | crisis | кризис
      перестаньте верить | опроверг | refute | debunk | disprov | bias$ | biased | предвзят
      sandbag
    `),
  },
  {
    name: 'inflated',
    prefixes: list(`
      shrink | melt | deflat | сдува | тает | исчез | boost | artificially | implied | evaporat
      меньше заявлен | не дотягива | inflat | overstat | exaggerat | overclaim | overhyp
      overestimat | puffed | padded | too good to be true | too high | well short | falls short
      fall short | fell short | collaps | crumbl | plung | vanish | disappear | erased
      below the claim | below claim | below what | завыш | преувелич | раздут | приукрас
      ниже заявлен | ниже обещ | ниже реальн | выше реальн | обвал | рассыпа | развал | исчеза
      срезал | делить на | разду | lower than claimed | lower than reported
      lower than advertised | lower than the company | lower than promised | worse than claimed
      worse than advertised | worse than its benchmark | worse than the benchmark
      weaker than claimed | below claimed | below the company | below the published
      below the reported | below the announced | far below the | well below the | than claimed
      than advertised | than promised | than the company said | than the announcement
      than its model card | than the model card | drops on fresh | drop on fresh
      drops sharply on | drop sharply on | хуже заявлен | слабее заявлен | ниже опубликован
      ниже указан | чем обещ | чем заявл | чем в анонсе | чем в карточке | чем указано
      падает на свежих | падает на новых | теряют до | теряет до
    `),
  },
  {
    name: 'contamination',
    prefixes: list(`
      test questions | вопросах из теста | вопросы из теста | из тестов | contamina | leak
      memoris | memoriz | recite | regurgitat | verbatim | overlap | test set | test data
      test split | test question | training data | training set | pretraining | seen the test
      saw the test | saw the public | answer key | decontamin | загрязн | утечк | утек | утекл
      утёк | запомин | запомнил | обучающ | видела | видел | дословн | ключ ответ | пересечени
      деконтамин | тестовы | тестовой | тестовом | тестовую | тестовая | fresh problems
      fresh questions | unseen problems | unseen questions | after the training cutoff
      after its training cutoff | after their training cutoff | свежих задач | свежих задачах
      после даты среза
    `),
  },
  {
    name: 'cherryPicking',
    prefixes: list(`
      strongest | weaker | weakest | сильнейш | слабы | слабее | удобн | cherry | selective
      hand picked | hand-picked | handpicked | curated subset | subset | favourabl | favorabl
      flatter | apples to oranges | apples-to-oranges | outdated | older version | two-year-old
      old baseline | cons 64 | cons 32 | cons 8 | maj 64 | best of | best-of | majority voting
      chart crime | bar chart | omit | left out | leaving out | skipped | excluded | only the
      mismatched | mixed configurations | выборочн | отобран | выгодн | несопоставим | устаревш
      старыми версиями | график | диаграмм | слайд | подмножеств | не попали | пропущен | исключил
      только выгодн | лучшей из | голосовани | different prompt | different setting
      different temperature | different method | в разных условиях | разные настройки
      была разной | разных настройках | launch chart | comparison chart | benchmark chart
      benchmark graph | misleading chart | misleading graph | truncated | charts use
      chart left out | chart compared | graph compared
    `),
  },
  {
    name: 'gaming',
    prefixes: list(`
      game its | game the | game benchmark | gamed | swapp | подмен | gaming | gamed the
      benchmaxx | overfit | tuned to | tuned on | optimised for | optimized for | private variant
      private test | experimental version | experimental chat | customised | customized
      special version | cheat | hack | exploit | shortcut | manipulat | rigged | hard-coded
      hard coded | lookup table | fake votes | teaching to the test | unreleased | натаск | подгон
      подгоня | накрут | взлом | манипул | под лидерборд | под бенчмарк | экспериментальн
      настроенн | оптимизирован | зашит | обходн | фальшив | бенчмаксинг | не ту | juiced | cooked
      cooking the | massag | fudg | goodhart | reward hack | подкручен | подтасов | подыгр
      сжульнич | жульнич | private variants | private versions | закрытых версий
      приватных версий
    `),
  },
  {
    name: 'nonReproducible',
    prefixes: list(`
      not reproduc | not be reproduc | irreproduc | non-reproduc | unreproduc | fail to | fails to
      failed to | could not | couldn't | cannot | can't | unable to | not match | don't match
      doesn't match | not replicat | not be replicat | not verif | unverif | discrepanc | short of
      nowhere near | not get near | far from | no one has been able | has not been able
      have not been able | not hold up | не удалось | не удает | не удаёт | не смогли | не смог
      не подтверд | не воспроизв | не повтор | не сход | не выдерж | невозможно провер
      нельзя провер | расход | расхожд | не прибли | не достига | не совпада | misreport
      неверно сообщ | некорректно сообщ | differ sharply | differs sharply | not the one | не та$
    `),
  },
  {
    name: 'undisclosed',
    prefixes: list(`
      не сообща | не сообщил | не сообщ | human hints | hints | подсказк | internet access
      доступ к интернету | доступом к интернету | undisclos | not disclos | without disclos
      footnote | fine print | buried | quietly | silently | hidden | hid$ | secret
      custom scaffold | custom prompt | system prompt | not publish | unpublished | never released
      never published | declined to release | private | closed set | in-house | internal benchmark
      omits that | left out of | parallel test-time | high-compute | samples per | attempts per
      with tools | сноск | не раскр | нераскр | скрыт | не указ | умолч | тихо | закрыт
      не опублик | неопублик | внутренн | собственн | особым | с инструментами | попыткам
      попыток | не сказано
    `),
  },
  {
    name: 'conflict',
    prefixes: list(`
      conflict of interest | conflicts of interest | funded | financed | paid for
      paid contractor | commissioned | sponsor | backed by | owns the | own benchmark
      its own test | designed itself | built and graded | ties to | independence | early access
      конфликт интерес | финансир | спонсор | оплач | оплатил | подрядчик | заказан
      сама придумал | собственном бенчмарк | собственном наборе | независимост | ранний доступ
    `),
  },
  {
    name: 'fabricated',
    prefixes: list(`
      поддел | подлог | сфабрик | fabricat | fake | made up | invented | fraud | hoax | forged
      falsif | never measured | never actually measured | renamed | wrapper | copy of | identical
      replaced measured | rewrote | выдума | выдуман | фальсиф | подделан | подделк | мошен
      придума | переименов | копией | совпадают с чужой | переписал | никогда не измер | обёртк
      different name | под другим именем | другим названием
    `),
  },
  {
    name: 'methodology',
    prefixes: list(`
      modified version | изменённ | измененн | methodolog | flawed | flaw | wrong answers | errors
      error in | bug | grading | judge | verbos | answer extraction | lenient | weak tests
      permissive | meaningless | say little | not comparable | incomparable | saturat | audit
      methodology | методик | ошибк | ошибочн | неверн | баг | судья | судьи | многослов
      окружени | несопоставим | бессмыслен | ничего не значит | аудит | сравнивать нельзя
      нельзя сравнивать | некорректн | one harness | same harness | harness differences
      different harness
    `),
  },
  {
    name: 'confirm',
    prefixes: list(`
      confirm | verif | reproduc | replicat | match | consistent with | in line with
      within a point | within one point | hold up | holds up | held up | back up | backs up
      live up | lives up | as advertised | as claimed | validat | close to the company | подтверд
      воспроизв | совпада | совпал | совпад | оправдыва | в пределах | близк | как и обещано
      как заявлено | проверил | проверили | проверены | официально
    `),
  },
  {
    name: 'negation',
    prefixes: list(`
      fails | failed | failing | lacks | lack | not | no | never | nor | fail | unable | couldn't
      can't | cannot | didn't | don't | doesn't | isn't | won't | hasn't | haven't | without | не
      ни | нет | нельзя | невозможно | без
    `),
  },
  {
    name: 'claim',
    prefixes: list(`
      claim | says | said | according to | reportedly | advertis | announc | headline | touted
      boast | promised | purported | self-reported | company says | published | заявл | заявлен
      утвержда | сообща | по данным | по словам | обещ | объявил | анонс | рекорд | опубликова
    `),
  },
  {
    name: 'independent',
    prefixes: list(`
      independent | third-party | third party | outside | external | own test | own run | our own
      rerun | re-run | reran | rerunning | evaluators | testers | researchers | users | community
      developers report | measured | replication | независим | сторонн | внешн | замер | намерил
      перепровер | перезапуст | тестировщик | исследовател | пользовател | сообществ | наш тест
      наши замер
    `),
  },
  {
    name: 'launch',
    prefixes: list(`
      launch | releas | unveil | introduc | debut | rolls out | rolled out | arrives | arrive
      ships | now available | open-source | open weights | open-weight | new model | представ
      выпуст | выпущ | запуст | вышел | вышла | вышли | открыл веса | выложил | выложила
      новая модель | новую модель | релиз | доступн
    `),
  },
  {
    name: 'newBenchmark',
    prefixes: list(`
      new benchmark | benchmark aims | new test | dataset of | new dataset | new evaluation
      aims to test | designed to | to measure | to evaluate | harder variant | harder benchmark
      новый бенчмарк | новый тест | набор задач | для оценки | проверяет | измеряет | усложн
      представлен бенчмарк
    `),
  },
  {
    name: 'leaderboard',
    prefixes: list(`
      leaderboard | ranking | rankings | ranked | ranks | arena | tops | top spot | first place
      number one | no 1$ | takes the lead | leads | climbs | elo$ | лидерборд | рейтинг | возглави
      первое место | первом месте | лидир | поднял | эло$ | арен
    `),
  },
  {
    name: 'evaluation',
    prefixes: list(`
      benchmark | score | result | test | eval | leaderboard | accuracy | pass 1$ | pass k$
      pass 8$ | number | figure | performance | solve rate | win rate | record | state of the art
      state-of-the-art | sota | percentile | points | бенчмарк | результат | тест | оценк
      рейтинг | точност | балл | цифр | показател | рекорд | процент | пункт
    `),
  },
  {
    name: 'otherScandal',
    prefixes: list(`
      lawsuit | sue$ | sues$ | sued | court | judge rul | copyright | privacy | deepfake | fined
      ban$ | bans$ | banned | regulator | nda | pirated | settle | antisemit | misinformation
      disinformation | voice | cheat on exams | cheating | students | lawyers | fake cases | суд$
      суда$ | суде$ | судом$ | иск$ | иска$ | иском$ | иски$ | исков$ | авторск | персональн
      дипфейк | штраф | мошенник | запрет | заблокир | регулятор | пиратск | дезинформ | списыва
      студент | адвокат | голос
    `),
  },
  {
    name: 'business',
    prefixes: list(`
      оценке стартап | оценка стартап | оценки стартап | капитализац | стартапов в сфере | raises
      raised | funding round | valuation | valued | billion | revenue | shares | stock | investors
      hires | hired | acquir | deal | partnership | chip | gpu | data center | data-center
      export | policy | law$ | laws$ | привлек | оценк | выручк | акци | сделк | инвестиц | чип
      дата-центр | закон | регулирован | стратеги | партнерств
    `),
  },
]

/** One cue found in a text: which group, and the words that matched. */
export interface CueHit {
  name: CueName
  surface: string
  /** Index of the first matched word. */
  word: number
}

interface CueEnd {
  name: CueName
  /** Must end at a word boundary (entries written with a trailing "$", and all negations). */
  exact: boolean
}

interface CueNode {
  next: Map<number, CueNode>
  ends: CueEnd[]
}

function normaliseEntry(entry: string): string {
  return entry
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}'’$]+/gu, ' ')
    .trim()
}

// A character trie over all entries, walked from every word start: one pass over the text instead
// of one regular expression per group (the regex version cost 40 µs an item, this one about 3).
const root: CueNode = { next: new Map(), ends: [] }
for (const group of CUE_GROUPS) {
  for (const raw of group.prefixes) {
    const entry = normaliseEntry(raw)
    const exact = entry.endsWith('$') || group.name === 'negation'
    const chars = entry.replace(/\$$/, '')
    let node = root
    for (let i = 0; i < chars.length; i++) {
      const code = chars.charCodeAt(i)
      let child = node.next.get(code)
      if (!child) {
        child = { next: new Map(), ends: [] }
        node.next.set(code, child)
      }
      node = child
    }
    if (!node.ends.some((e) => e.name === group.name && e.exact === exact)) {
      node.ends.push({ name: group.name, exact })
    }
  }
}

const SPACE = 32

/** What a word yields on its own: the groups found inside it, and where a walk goes on past it. */
export interface WordCues {
  /** Groups whose entries end inside the word (or at its end), in walking order. */
  names: CueName[]
  /** The trie node after the word and one space, when some multi-word entry continues so. */
  continues: CueNode | undefined
}

// A word's own hits do not depend on its neighbours (the character after a word's end is a space
// or the end of the text either way), so they are memoised per word, and only entries that run
// on into the next words are walked per text.
const wordMemo = new Map<string, WordCues>()
const WORD_MEMO_LIMIT = 100_000

/**
 * The cues of one lower-cased word on its own (memoised); {@link collectCues} joins them up.
 *
 * @example
 * cuesOfWord('inflated').names // ['inflated']
 */
export function cuesOfWord(word: string): WordCues {
  const known = wordMemo.get(word)
  if (known) return known
  const names: CueName[] = []
  let node: CueNode | undefined = root
  const last = word.length - 1
  for (let i = 0; i <= last && node; i++) {
    node = node.next.get(word.charCodeAt(i))
    if (!node || node.ends.length === 0) continue
    for (const end of node.ends) {
      if ((end.exact && i !== last) || names.includes(end.name)) continue
      names.push(end.name)
    }
  }
  const cues: WordCues = { names, continues: node?.next.get(SPACE) }
  if (wordMemo.size >= WORD_MEMO_LIMIT) wordMemo.clear()
  wordMemo.set(word, cues)
  return cues
}

/**
 * Every cue in a list of lower-cased words (ё folded to е), in text order; one hit per group and
 * starting word.
 *
 * @example
 * findCues(['scores', 'inflated']).map((c) => c.name) // ['evaluation', 'inflated']
 */
export function findCues(words: readonly string[]): CueHit[] {
  return collectCues(words, words.map(cuesOfWord))
}

/**
 * {@link findCues} for words whose own cues are known already (`wordCues[i]` is
 * `cuesOfWord(words[i])`), as the classifier keeps them with each word.
 *
 * @example
 * collectCues(words, words.map(cuesOfWord))
 */
export function collectCues(words: readonly string[], wordCues: readonly WordCues[]): CueHit[] {
  const hits: CueHit[] = []
  const count = words.length
  for (let word = 0; word < count; word++) {
    const text = words[word] as string
    const { names, continues } = wordCues[word] as WordCues
    for (let n = 0; n < names.length; n++) {
      hits.push({ name: names[n] as CueName, surface: text, word })
    }
    if (continues === undefined || word + 1 === count) continue
    // Multi-word entries: walk on through the following words, one space between each.
    let seen: CueName[] | undefined
    let node: CueNode | undefined = continues
    for (let next = word + 1; next < count && node; next++) {
      const following = words[next] as string
      const last = following.length - 1
      for (let i = 0; i <= last && node; i++) {
        node = node.next.get(following.charCodeAt(i))
        if (!node || node.ends.length === 0) continue
        for (const end of node.ends) {
          if ((end.exact && i !== last) || names.includes(end.name) || seen?.includes(end.name)) {
            continue
          }
          ;(seen ??= []).push(end.name)
          hits.push({ name: end.name, surface: words.slice(word, next + 1).join(' '), word })
        }
      }
      if (node && next + 1 < count) node = node.next.get(SPACE)
    }
  }
  return hits
}
