/** What each list shows: the columns (field paths in the GraphQL node) and the list's title. */
export interface Column {
  label: string;
  /** Path in the node, e.g. ['Owner', 'Name']. */
  path: string[];
}

export interface ListDefinition {
  title: string;
  icon: string;
  columns: Column[];
  orderBy: string;
}

export const LISTS: Record<string, ListDefinition> = {
  Sequence__c: {
    title: 'Sequences',
    icon: 'standard:sales_cadence',
    orderBy: 'Name',
    columns: [
      { label: 'Target', path: ['Target_Object__c'] },
      { label: 'Active', path: ['Active__c'] },
      { label: 'Actions', path: ['Action_Count__c'] },
      { label: 'Priority', path: ['Priority__c'] }
    ]
  },
  Lead: {
    title: 'Leads',
    icon: 'standard:lead',
    orderBy: 'Name',
    columns: [
      { label: 'Company', path: ['Company'] },
      { label: 'Status', path: ['Status'] },
      { label: 'Owner', path: ['Owner', 'Name'] }
    ]
  },
  Contact: {
    title: 'Contacts',
    icon: 'standard:contact',
    orderBy: 'Name',
    columns: [
      { label: 'Account', path: ['Account', 'Name'] },
      { label: 'Email', path: ['Email'] },
      { label: 'Owner', path: ['Owner', 'Name'] }
    ]
  },
  Opportunity: {
    title: 'Opportunities',
    icon: 'standard:opportunity',
    orderBy: 'Name',
    columns: [
      { label: 'Account', path: ['Account', 'Name'] },
      { label: 'Stage', path: ['StageName'] },
      { label: 'Close date', path: ['CloseDate'] },
      { label: 'Owner', path: ['Owner', 'Name'] }
    ]
  },
  Campaign: {
    title: 'Campaigns',
    icon: 'standard:campaign',
    orderBy: 'Name',
    columns: [
      { label: 'Type', path: ['Type'] },
      { label: 'Status', path: ['Status'] },
      { label: 'Active', path: ['IsActive'] },
      { label: 'Owner', path: ['Owner', 'Name'] }
    ]
  }
};

/** The GraphQL selection for a field path: Owner.Name → `Owner { Name { value } }`. */
export function selection(path: string[]): string {
  const [head, ...rest] = path;
  return rest.length ? `${head} { ${selection(rest)} }` : `${head} { value displayValue }`;
}

/** The list's GraphQL document (first 200 by name, as a list view's first page). */
export function listQuery(objectApiName: string): string {
  const list = LISTS[objectApiName];
  const fields = ['Id', selection(['Name']), ...list.columns.map((column) => selection(column.path))];
  return `query appRecordList {
  uiapi {
    query {
      ${objectApiName}(first: 200, orderBy: { ${list.orderBy}: { order: ASC } }) {
        edges { node { ${fields.join(' ')} } }
        totalCount
      }
    }
  }
}`;
}

/** A cell's text from a node: the display value when there is one. */
export function cellText(node: Record<string, unknown>, path: string[]): string {
  let current: unknown = node;
  for (const key of path) current = (current as Record<string, unknown> | null)?.[key];
  const field = current as { value?: unknown; displayValue?: string | null } | null | undefined;
  if (!field) return '';
  if (field.displayValue !== null && field.displayValue !== undefined) return field.displayValue;
  if (field.value === null || field.value === undefined) return '';
  return String(field.value);
}
