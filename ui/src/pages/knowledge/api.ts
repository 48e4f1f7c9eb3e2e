// The dispatcher console's GraphQL operations. The page issues them side by side (the answer, the symptom
// suggestions and the fault path never wait on one another), so nothing on the console is a waterfall.
import { graphql } from '../../gql';

export const AskPageAsk = graphql(`
  query AskPageAsk($question: String!, $language: String, $base: String) {
    ask(question: $question, language: $language, base: $base) {
      base {
        id
        name
        nameEn
      }
      verdict
      understood {
        intent
        intentConfidence
        runnerUp
        runnerUpConfidence
        entities {
          id
          kind
          name
          nameEn
          matchedText
          how
          confidence
        }
      }
      question
      language
      intent
      answer
      confidence
      noAnswer
      truncated
      linked {
        id
        kind
        name
        nameEn
        detail
      }
      entities {
        id
        kind
        name
        nameEn
        score
        detail
        requirement
        requirementEn
      }
      steps {
        order
        text
        textEn
        procedureId
      }
      evidence {
        nodes {
          id
          label
          name
        }
        relationships {
          type
          from
          to
          order
        }
      }
    }
  }
`);

export const DispatcherSymptoms = graphql(`
  query DispatcherSymptoms($prefix: String, $first: Int, $base: String) {
    knowledgeSymptoms(prefix: $prefix, first: $first, base: $base) {
      id
      name
      nameEn
      kind
      matched
      faults
    }
  }
`);

export const DispatcherFaultPath = graphql(`
  query DispatcherFaultPath($symptoms: [String!]!, $base: String) {
    faultHandlingPath(symptoms: $symptoms, base: $base) {
      unrecognized
      candidates {
        score
        totalSymptoms
        fault {
          id
          name
          nameEn
        }
        matchedSymptoms {
          id
          name
          nameEn
        }
        steps {
          order
          text
          textEn
          procedureId
        }
        safetyRules {
          id
          name
          nameEn
          requirement
          requirementEn
        }
        responsible {
          id
          name
          nameEn
        }
      }
    }
  }
`);

// The bases a question can go to (the console's base selector).
export const AskPageBases = graphql(`
  query AskPageBases {
    knowledgeBases {
      id
      name
      nameEn
      description
      descriptionEn
    }
  }
`);
