import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import USER_ID from '@salesforce/user/Id';

interface Value<T> {
  value: T | null;
}
interface Node {
  Id: string;
  Type__c: Value<string>;
  Status__c: Value<string>;
  Due_At__c: Value<string>;
  Step_Number__c: Value<number>;
  Participant__r?: {
    Lead__r?: { Name?: Value<string>; Company?: Value<string> } | null;
    Sequence__r?: { Name?: Value<string> } | null;
  } | null;
}
interface Row {
  id: string;
  person: string;
  company: string;
  sequence: string;
  step: number | null;
  type: string;
  due: string | null;
}

const TYPES = ['Call', 'SMS', 'Email', 'Task'];

/**
 * `npm run bench:ui`'s baseline (`#/bench-datatable`): the platform's own lightning-datatable with
 * the rows Engage shows for the signed-in user (due actions, the same GraphQL UI API page size),
 * their columns, and a Complete button per row. Not a screen of the product.
 */
export default class BenchDatatable extends LightningElement {
  variables = { userId: USER_ID };
  allRows: Row[] = [];
  rows: Row[] = [];
  typeFilter = '';
  columns = [
    { label: 'Person', fieldName: 'person' },
    { label: 'Company', fieldName: 'company' },
    { label: 'Sequence', fieldName: 'sequence' },
    { label: 'Step', fieldName: 'step', type: 'number' },
    { label: 'Type', fieldName: 'type' },
    {
      label: 'Due',
      fieldName: 'due',
      type: 'date',
      typeAttributes: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
    },
    { type: 'button', typeAttributes: { label: 'Complete', name: 'complete', variant: 'brand' } }
  ];

  @wire(graphql, {
    query: gql`
      query benchDatatable($userId: ID) {
        uiapi {
          query {
            Participant_Action__c(
              where: {
                and: [
                  { Assigned_To__c: { eq: $userId } }
                  { Status__c: { in: ["Due", "Waiting_Criteria", "In_Progress", "Deferred"] } }
                ]
              }
              orderBy: { Due_At__c: { order: ASC, nulls: LAST } }
              first: 2000
            ) {
              edges {
                node {
                  Id
                  Type__c {
                    value
                  }
                  Status__c {
                    value
                  }
                  Due_At__c {
                    value
                  }
                  Step_Number__c {
                    value
                  }
                  Participant__r {
                    Lead__r {
                      Name {
                        value
                      }
                      Company {
                        value
                      }
                    }
                    Sequence__r {
                      Name {
                        value
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$variables'
  })
  wired({
    data
  }: {
    data?: { uiapi?: { query?: { Participant_Action__c?: { edges: Array<{ node: Node }> } } } };
  }) {
    const edges = data?.uiapi?.query?.Participant_Action__c?.edges;
    if (!edges) return;
    this.allRows = edges.map(({ node }) => ({
      id: node.Id,
      person: node.Participant__r?.Lead__r?.Name?.value ?? '',
      company: node.Participant__r?.Lead__r?.Company?.value ?? '',
      sequence: node.Participant__r?.Sequence__r?.Name?.value ?? '',
      step: node.Step_Number__c.value,
      type: node.Type__c.value ?? '',
      due: node.Due_At__c.value
    }));
    this.applyFilter();
  }

  get typeOptions() {
    return [{ label: 'All types', value: '' }, ...TYPES.map((type) => ({ label: type, value: type }))];
  }

  handleTypeFilter(event: CustomEvent<{ value: string }>) {
    this.typeFilter = event.detail.value;
    this.applyFilter();
  }

  private applyFilter() {
    const type = this.typeFilter;
    this.rows = type ? this.allRows.filter((row) => row.type === type) : this.allRows;
  }
}
