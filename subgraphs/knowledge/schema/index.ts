// The knowledge subgraph: dispatcher questions over the domain knowledge graph.
// Access: the `dispatcher` role, and `compliance-officer` (who audits dispatch guidance); platform-admin
// passes every role check. Viewers, data scientists, ML engineers and approvers are refused (FORBIDDEN).
// Org visibility applies inside the pipeline to equipment, substations, models and services.
import type { Role } from '../../../lib/auth/identity.js';
import { builder } from '../builder.js';
import { INTENTS } from '../qa/intent.js';
import type { Understood, UnderstoodEntity } from '../qa/intent-explain.js';
import {
  ask,
  faultHandlingPath,
  MAX_SYMPTOM_CHARS,
  MAX_SYMPTOMS,
  type AnswerEntity,
  type AnswerStep,
  type EvidenceNode,
  type EvidenceRelationship,
  type FaultCandidate,
  type KnowledgeAnswer,
} from '../qa/ask.js';
import { MAX_SYMPTOMS_PER_REQUEST, spend } from '../qa/budget.js';
import { searchSymptoms, SYMPTOMS_FIRST_MAX, SYMPTOM_PREFIX_MAX, type KnowledgeSymptom } from '../qa/symptoms.js';
import {
  listBases,
  resolveBase,
  setOrgKnowledgeBase,
  type KnowledgeBaseInfo,
  type KnowledgeBaseWithCounts,
} from '../kb/bases.js';

export const KNOWLEDGE_ROLES: Role[] = ['dispatcher', 'compliance-officer'];

const KnowledgeIntent = builder.enumType('KnowledgeIntent', {
  description:
    'The kind of question: how to handle a fault, likely causes, which fault fits symptoms, detecting models and services, downstream equipment, safety rule requirements, responsible roles, whether something is allowed (ALLOWED, answered YES/NO), a limit (LIMIT: how long, how far, how many); UNKNOWN when none was recognised.',
  values: INTENTS,
});

const KnowledgeEntity = builder.objectRef<AnswerEntity>('KnowledgeEntity').implement({
  description: 'A node of the knowledge graph (or an AI asset linked to it) used in an answer.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind', {
      description:
        'Its label: FaultType, Symptom, Cause, Procedure, SafetyRule, DutyRole, Equipment, EquipmentType, Model, Service…',
    }),
    name: t.exposeString('name', { description: 'Chinese name (asset names as registered).' }),
    nameEn: t.exposeString('nameEn'),
    score: t.float({
      nullable: true,
      description: 'Rank evidence: fault score, supporting fault count of a cause, hops downstream.',
      resolve: (e) => e.score ?? null,
    }),
    detail: t.string({
      nullable: true,
      description: 'How it was matched, a rule requirement, or supporting ids.',
      resolve: (e) => e.detail ?? null,
    }),
    requirement: t.string({
      nullable: true,
      description: "A safety rule's requirement in Chinese; null for other kinds.",
      resolve: (e) => e.requirement ?? null,
    }),
    requirementEn: t.string({
      nullable: true,
      description: "A safety rule's requirement in English; null for other kinds.",
      resolve: (e) => e.requirementEn ?? null,
    }),
    confidence: t.float({
      nullable: true,
      description: 'For entities linked from the question: how sure the match is, 0..1; null elsewhere.',
      resolve: (e) => e.confidence ?? null,
    }),
    how: t.string({
      nullable: true,
      description:
        'For entities linked from the question: exact | synonym | alias | pinyin | edit | partial | fulltext; null elsewhere.',
      resolve: (e) => e.how ?? null,
    }),
  }),
});

const KnowledgeSymptomRef = builder.objectRef<KnowledgeSymptom>('KnowledgeSymptom').implement({
  description: 'A symptom or alarm of the knowledge graph, as offered while a dispatcher types.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name', { description: 'Chinese name.' }),
    nameEn: t.exposeString('nameEn'),
    kind: t.exposeString('kind', { description: '`alarm` (raised by a system) or `symptom` (observed).' }),
    aliases: t.exposeStringList('aliases', { description: 'Synonyms and abbreviations, either language.' }),
    matched: t.string({
      nullable: true,
      description: 'The name or alias the typed text was found in; null when no text was given.',
      resolve: (s) => s.matched,
    }),
    faults: t.exposeInt('faults', { description: 'How many fault types list this symptom.' }),
  }),
});

const KnowledgeStep = builder.objectRef<AnswerStep>('KnowledgeStep').implement({
  fields: (t) => ({
    order: t.exposeInt('order'),
    text: t.exposeString('text'),
    textEn: t.exposeString('textEn'),
    procedureId: t.exposeID('procedureId'),
  }),
});

const EvidenceNodeRef = builder.objectRef<EvidenceNode>('KnowledgeEvidenceNode').implement({
  fields: (t) => ({ id: t.exposeID('id'), label: t.exposeString('label'), name: t.exposeString('name') }),
});
const EvidenceRelRef = builder.objectRef<EvidenceRelationship>('KnowledgeEvidenceRelationship').implement({
  fields: (t) => ({
    type: t.exposeString('type'),
    from: t.exposeID('from'),
    to: t.exposeID('to'),
    order: t.int({ nullable: true, resolve: (r) => r.order ?? null }),
  }),
});
const EvidenceRef = builder.objectRef<KnowledgeAnswer['evidence']>('KnowledgeEvidence').implement({
  description: 'The subgraph the answer rests on: nodes and the relationships between them.',
  fields: (t) => ({
    nodes: t.field({ type: [EvidenceNodeRef], resolve: (e) => e.nodes }),
    relationships: t.field({ type: [EvidenceRelRef], resolve: (e) => e.relationships }),
  }),
});

const KnowledgeBaseRefRef = builder
  .objectRef<Pick<KnowledgeBaseInfo, 'id' | 'name' | 'nameEn'>>('KnowledgeBaseRef')
  .implement({
    description: 'A knowledge base (namespace of knowledge nodes), by id and name.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'The base id, e.g. `grid` (the demo) or `water`.' }),
      name: t.exposeString('name', { description: 'Chinese name.' }),
      nameEn: t.exposeString('nameEn', { description: 'English name.' }),
    }),
  });

const KnowledgeLabelCount = builder.objectRef<{ label: string; count: number }>('KnowledgeLabelCount').implement({
  description: 'How many nodes of one knowledge label a base holds.',
  fields: (t) => ({ label: t.exposeString('label'), count: t.exposeInt('count') }),
});

const KnowledgeBaseRef = builder.objectRef<KnowledgeBaseWithCounts>('KnowledgeBase').implement({
  description: 'An imported knowledge base: names, descriptions, the source it was written from, node counts.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The base id: the `kb` of every node it imported.' }),
    name: t.exposeString('name', { description: 'Chinese name.' }),
    nameEn: t.exposeString('nameEn', { description: 'English name.' }),
    description: t.exposeString('description', { description: 'Chinese description.' }),
    descriptionEn: t.exposeString('descriptionEn', { description: 'English description.' }),
    source: t.exposeString('source', { description: 'The public regulation, manual or practice it was written from.' }),
    counts: t.field({
      type: [KnowledgeLabelCount],
      description: 'Nodes per knowledge label (FaultType, Symptom, Procedure, Step, …).',
      resolve: (b) => b.counts,
    }),
  }),
});

const OrgKnowledgeBaseRef = builder
  .objectRef<{ orgId: string; base: KnowledgeBaseInfo | null }>('OrgKnowledgeBase')
  .implement({
    description: "An org's default knowledge base: the one its members' questions go to when they name none.",
    fields: (t) => ({
      orgId: t.exposeID('orgId'),
      base: t.field({
        type: KnowledgeBaseRefRef,
        nullable: true,
        description: 'Null when cleared: the org then uses `grid`.',
        resolve: (o) => o.base,
      }),
    }),
  });

const KnowledgeVerdict = builder.enumType('KnowledgeVerdict', {
  description: 'The answer to a yes/no (ALLOWED) question, as the deciding rule or step clause says.',
  values: ['YES', 'NO'] as const,
});

const KnowledgeUnderstoodEntityRef = builder.objectRef<UnderstoodEntity>('KnowledgeUnderstoodEntity').implement({
  description: 'An entity of the knowledge base recognised in the question, with how and how surely.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind', { description: 'Its label: FaultType, Symptom, EquipmentType, SafetyRule…' }),
    name: t.exposeString('name', { description: 'Chinese name (the English one when it has none).' }),
    nameEn: t.exposeString('nameEn'),
    matchedText: t.exposeString('matchedText', { description: 'The text of the question it was recognised from.' }),
    how: t.exposeString('how', {
      description: 'How it was matched: exact | synonym | alias | pinyin | edit | partial | fulltext.',
    }),
    confidence: t.exposeFloat('confidence', { description: 'How sure the match is, 0..1.' }),
  }),
});

const KnowledgeUnderstandingRef = builder.objectRef<Understood>('KnowledgeUnderstanding').implement({
  description: 'What the pipeline understood of the question, whether or not it could answer.',
  fields: (t) => ({
    intent: t.field({
      type: KnowledgeIntent,
      description: 'The kind of question understood.',
      resolve: (u) => u.intent,
    }),
    intentConfidence: t.exposeFloat('intentConfidence', {
      description: "The intent classifier's probability for that kind (for UNKNOWN: that it is out of scope).",
    }),
    runnerUp: t.field({
      type: KnowledgeIntent,
      description: 'The next most likely kind (the closest one when the intent is UNKNOWN).',
      resolve: (u) => u.runnerUp,
    }),
    runnerUpConfidence: t.exposeFloat('runnerUpConfidence'),
    entities: t.field({
      type: [KnowledgeUnderstoodEntityRef],
      description: 'Entities recognised in the question, each with its confidence and how it was matched.',
      resolve: (u) => u.entities,
    }),
  }),
});

const KnowledgeAnswerRef = builder.objectRef<KnowledgeAnswer>('KnowledgeAnswer').implement({
  fields: (t) => ({
    base: t.field({
      type: KnowledgeBaseRefRef,
      description: "The knowledge base that answered: the one asked for, else the asker's org's, else grid.",
      resolve: (a) => a.base,
    }),
    question: t.exposeString('question', {
      description: 'The question as normalised (NFKC, control characters removed, cut at 500 characters).',
    }),
    language: t.exposeString('language'),
    intent: t.field({ type: KnowledgeIntent, resolve: (a) => a.intent }),
    answer: t.exposeString('answer'),
    linked: t.field({
      type: [KnowledgeEntity],
      description: 'Entities recognised in the question.',
      resolve: (a) => a.linked,
    }),
    entities: t.field({
      type: [KnowledgeEntity],
      description: 'The structured answer, ranked where the kind of question ranks.',
      resolve: (a) => a.entities,
    }),
    steps: t.field({ type: [KnowledgeStep], description: 'Procedure steps in order.', resolve: (a) => a.steps }),
    evidence: t.field({ type: EvidenceRef, resolve: (a) => a.evidence }),
    confidence: t.exposeFloat('confidence'),
    noAnswer: t.exposeBoolean('noAnswer', {
      description: 'True when nothing in the graph supports an answer; `answer` then says why.',
    }),
    truncated: t.exposeBoolean('truncated'),
    verdict: t.field({
      type: KnowledgeVerdict,
      nullable: true,
      description: 'For ALLOWED questions: YES or NO as the deciding clause (the top entity) says; null otherwise.',
      resolve: (a) => a.verdict,
    }),
    understood: t.field({
      type: KnowledgeUnderstandingRef,
      description:
        'Why: the understood intent and entities with their confidence; present on every answer, no answer too.',
      resolve: (a) => a.understood,
    }),
  }),
});

const FaultCandidateRef = builder.objectRef<FaultCandidate>('FaultCandidate').implement({
  fields: (t) => ({
    fault: t.field({ type: KnowledgeEntity, resolve: (c) => c.fault }),
    score: t.exposeFloat('score'),
    matchedSymptoms: t.field({ type: [KnowledgeEntity], resolve: (c) => c.matchedSymptoms }),
    totalSymptoms: t.exposeInt('totalSymptoms'),
    steps: t.field({ type: [KnowledgeStep], resolve: (c) => c.steps }),
    safetyRules: t.field({ type: [KnowledgeEntity], resolve: (c) => c.safetyRules }),
    responsible: t.field({ type: [KnowledgeEntity], resolve: (c) => c.responsible }),
  }),
});

const FaultHandlingPathRef = builder
  .objectRef<{ candidates: FaultCandidate[]; unrecognized: string[] }>('FaultHandlingPath')
  .implement({
    fields: (t) => ({
      candidates: t.field({ type: [FaultCandidateRef], resolve: (p) => p.candidates }),
      unrecognized: t.exposeStringList('unrecognized', { description: 'Symptoms that matched nothing in the graph.' }),
    }),
  });

builder.queryFields((t) => ({
  ask: t.field({
    type: KnowledgeAnswerRef,
    description:
      'Answers a dispatcher question (Chinese or English) from the knowledge graph, with evidence; noAnswer when the graph does not support one. Dispatchers and compliance officers.',
    authScopes: { anyRole: KNOWLEDGE_ROLES },
    args: {
      question: t.arg.string({ required: true }),
      language: t.arg.string({ description: '"zh" or "en"; by default the question\'s own.' }),
      base: t.arg.string({
        description: "Knowledge base id (see knowledgeBases); by default the asker's org's base, else `grid`.",
      }),
    },
    resolve: (_root, args, ctx) => {
      spend(ctx, 'asks', 1);
      return ask(ctx.driver, ctx.identity, args.question, { language: args.language, base: args.base });
    },
  }),
  faultHandlingPath: t.field({
    type: FaultHandlingPathRef,
    description:
      'Ranked candidate faults for the observed symptoms or alarms, each with its procedure steps and safety rules.',
    authScopes: { anyRole: KNOWLEDGE_ROLES },
    args: {
      symptoms: t.arg.stringList({
        required: true,
        description: `1 to ${MAX_SYMPTOMS} symptom or alarm names or short descriptions, each at most ${MAX_SYMPTOM_CHARS} characters (and at most ${MAX_SYMPTOMS_PER_REQUEST} over all faultHandlingPath fields of one request).`,
      }),
      base: t.arg.string({ description: "Knowledge base id; by default the asker's org's base, else `grid`." }),
    },
    resolve: (_root, args, ctx) => {
      spend(ctx, 'symptoms', args.symptoms.length);
      return faultHandlingPath(ctx.driver, ctx.identity, args.symptoms, args.base);
    },
  }),
  knowledgeSymptoms: t.field({
    type: [KnowledgeSymptomRef],
    description:
      'Symptoms and alarms whose Chinese or English name or an alias contains `prefix` (case-insensitive; names that start with it first), for autocomplete. Dispatchers and compliance officers.',
    authScopes: { anyRole: KNOWLEDGE_ROLES },
    args: {
      prefix: t.arg.string({
        description: `The text typed so far, at most ${SYMPTOM_PREFIX_MAX} characters; empty or absent lists the most specific symptoms.`,
      }),
      first: t.arg.int({ description: `How many, 1 to ${SYMPTOMS_FIRST_MAX}; 10 by default.` }),
      base: t.arg.string({ description: "Knowledge base id; by default the asker's org's base, else `grid`." }),
    },
    resolve: async (_root, args, ctx) =>
      searchSymptoms(ctx.driver, args.prefix, args.first, (await resolveBase(ctx.driver, ctx.identity, args.base)).id),
  }),
  knowledgeBases: t.field({
    type: [KnowledgeBaseRef],
    description: 'The imported knowledge bases, with node counts per label. Dispatchers and compliance officers.',
    authScopes: { anyRole: KNOWLEDGE_ROLES },
    resolve: (_root, _args, ctx) => listBases(ctx.driver),
  }),
}));

builder.mutationType({});
builder.mutationFields((t) => ({
  setOrgKnowledgeBase: t.field({
    type: OrgKnowledgeBaseRef,
    description:
      "Sets the knowledge base an org's questions go to when they name none (null clears it: grid). Platform admins; audited as org.knowledgeBase.set.",
    authScopes: { role: 'platform-admin' },
    args: {
      orgId: t.arg.id({ required: true }),
      base: t.arg.string({ description: 'Knowledge base id; null clears the default.' }),
    },
    resolve: (_root, args, ctx) => setOrgKnowledgeBase(ctx.driver, ctx.identity, args.orgId, args.base),
  }),
}));

export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
