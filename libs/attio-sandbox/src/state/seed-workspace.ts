/**
 * Seed data for a new workspace: three members, the standard objects (people, companies, deals, users,
 * workspaces) plus one custom object (`projects`), enough records to page through, two lists and a
 * handful of meetings for the cursor-paginated endpoint. Names are fixed; ids are fresh per workspace.
 */
import type { SandboxWorkspace } from '../types.js';
import { newId } from './ids.js';
import { buildValues, type Actor, type AttributeDef } from './record-values.js';
import type {
  ListJson,
  MeetingJson,
  MemberJson,
  ObjectData,
  RecordJson,
  WorkspaceData,
} from './workspace-data.js';

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Barbara',
  'Edsger',
  'Margaret',
  'Donald',
  'Frances',
  'Ken',
  'Radia',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Liskov',
  'Dijkstra',
  'Hamilton',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
];
const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
];

/** Standard objects and the one custom object, with the attributes the sandbox models. */
const OBJECTS: {
  slug: string;
  singular: string;
  plural: string;
  attributes: AttributeDef[];
  records: number;
}[] = [
  {
    slug: 'people',
    singular: 'Person',
    plural: 'People',
    records: 60,
    attributes: [
      { slug: 'name', type: 'personal-name' },
      { slug: 'email_addresses', type: 'email-address' },
    ],
  },
  {
    slug: 'companies',
    singular: 'Company',
    plural: 'Companies',
    records: 25,
    attributes: [
      { slug: 'name', type: 'text' },
      { slug: 'domains', type: 'domain' },
    ],
  },
  {
    slug: 'deals',
    singular: 'Deal',
    plural: 'Deals',
    records: 12,
    attributes: [
      { slug: 'name', type: 'text' },
      { slug: 'value', type: 'number' },
    ],
  },
  {
    slug: 'users',
    singular: 'User',
    plural: 'Users',
    records: 5,
    attributes: [
      { slug: 'user_id', type: 'text' },
      { slug: 'primary_email_address', type: 'email-address' },
    ],
  },
  {
    slug: 'workspaces',
    singular: 'Workspace',
    plural: 'Workspaces',
    records: 2,
    attributes: [
      { slug: 'name', type: 'text' },
      { slug: 'workspace_id', type: 'text' },
    ],
  },
  {
    slug: 'projects',
    singular: 'Project',
    plural: 'Projects',
    records: 8,
    attributes: [
      { slug: 'name', type: 'text' },
      { slug: 'budget', type: 'number' },
    ],
  },
];

function seedInput(slug: string, attr: string, i: number): unknown {
  const first = FIRST[i % FIRST.length] ?? 'Ada';
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'Lovelace';
  const company = `${COMPANIES[i % COMPANIES.length] ?? 'Acme'}${i >= COMPANIES.length ? ` ${Math.floor(i / COMPANIES.length) + 1}` : ''}`;
  const key = `${slug}.${attr}`;
  switch (key) {
    case 'people.name':
      return `${first} ${last}`;
    case 'people.email_addresses':
      return `${first}.${last}${i}@example.com`.toLowerCase();
    case 'companies.name':
      return company;
    case 'companies.domains':
      return `${company.replace(/ /g, '')}.example.com`.toLowerCase();
    case 'deals.name':
      return `Deal ${i + 1}`;
    case 'deals.value':
      return 1000 * (i + 1);
    case 'users.user_id':
      return `user-${i + 1}`;
    case 'users.primary_email_address':
      return `user${i + 1}@example.com`;
    case 'workspaces.name':
      return `Workspace ${i + 1}`;
    case 'workspaces.workspace_id':
      return `ws-${i + 1}`;
    case 'projects.name':
      return `Project ${i + 1}`;
    default:
      return 10_000 * (i + 1);
  }
}

/**
 * Builds a record in the response shape from already-validated values.
 *
 * @example
 * ```ts
 * const record = makeRecord(workspace, object.json, { name: [...] }, new Date().toISOString());
 * ```
 */
export function makeRecord(
  workspace: SandboxWorkspace,
  object: ObjectData['json'],
  values: RecordJson['values'],
  createdAt: string,
): RecordJson {
  const recordId = newId();
  return {
    id: {
      workspace_id: workspace.id,
      object_id: object.id.object_id,
      record_id: recordId,
    },
    created_at: createdAt,
    web_url: `https://app.attio.com/${workspace.slug}/${object.api_slug}/${recordId}`,
    values,
  };
}

function seedMembers(
  workspace: SandboxWorkspace,
  adminMemberId: string,
  createdAt: string,
): MemberJson[] {
  const people: [string, string, MemberJson['access_level']][] = [
    ['Ada', 'Admin', 'admin'],
    ['Max', 'Member', 'member'],
    ['Sam', 'Suspended', 'suspended'],
  ];
  return people.map(([first, last, level], i) => ({
    id: {
      workspace_id: workspace.id,
      workspace_member_id: i === 0 ? adminMemberId : newId(),
    },
    first_name: first,
    last_name: last,
    avatar_url: null,
    email_address: `${first.toLowerCase()}@${workspace.slug}.example.com`,
    created_at: createdAt,
    access_level: level,
  }));
}

function seedMeetings(workspace: SandboxWorkspace, actor: Actor, nowMs: number): MeetingJson[] {
  return Array.from({ length: 7 }, (_, i) => {
    const start = new Date(nowMs + (i + 1) * 86_400_000);
    return {
      id: { workspace_id: workspace.id, meeting_id: newId() },
      title: `Sync ${i + 1}`,
      description: `Weekly sync number ${i + 1}`,
      is_all_day: false,
      start: { datetime: start.toISOString(), timezone: 'UTC' },
      end: {
        datetime: new Date(start.getTime() + 1_800_000).toISOString(),
        timezone: 'UTC',
      },
      participants: [
        {
          status: 'accepted',
          is_organizer: true,
          email_address: `ada@${workspace.slug}.example.com`,
        },
      ],
      linked_records: [],
      created_at: new Date(nowMs).toISOString(),
      created_by_actor: { type: actor.type, id: actor.id },
    };
  });
}

/**
 * Creates the seed data of one workspace, timestamps taken from `nowMs`; the first member (an admin) gets
 * `adminMemberId`, the id `/v2/self` reports as `authorized_by_workspace_member_id`.
 *
 * @example
 * ```ts
 * const data = seedWorkspace({ id: newId(), name: 'Acme', slug: 'acme' }, newId(), Date.now());
 * data.objects.map((o) => o.json.api_slug); // → ['people', 'companies', 'deals', 'users', 'workspaces', 'projects']
 * ```
 */
export function seedWorkspace(
  workspace: SandboxWorkspace,
  adminMemberId: string,
  nowMs: number,
): WorkspaceData {
  const createdAt = new Date(nowMs).toISOString();
  const members = seedMembers(workspace, adminMemberId, createdAt);
  const actor: Actor = { type: 'workspace-member', id: adminMemberId };
  const objects: ObjectData[] = OBJECTS.map((spec) => {
    const json = {
      id: { workspace_id: workspace.id, object_id: newId() },
      api_slug: spec.slug,
      singular_noun: spec.singular,
      plural_noun: spec.plural,
      created_at: createdAt,
    };
    const records = Array.from({ length: spec.records }, (_, i) => {
      const values: RecordJson['values'] = {};
      for (const attr of spec.attributes) {
        values[attr.slug] = buildValues(attr, seedInput(spec.slug, attr.slug, i), createdAt, actor);
      }
      return makeRecord(workspace, json, values, createdAt);
    });
    return { json, attributes: spec.attributes, records };
  });
  const lists: ListJson[] = [
    ['sales', 'Sales pipeline', 'deals'],
    ['hiring', 'Hiring', 'people'],
  ].map(([slug = '', name = '', parent = '']) => ({
    id: { workspace_id: workspace.id, list_id: newId() },
    api_slug: slug,
    name,
    parent_object: [parent],
    workspace_access: 'full-access',
    workspace_member_access: [],
    created_by_actor: { type: actor.type, id: actor.id },
    created_at: createdAt,
  }));
  return {
    workspace,
    logoUrl: null,
    members,
    objects,
    lists,
    meetings: seedMeetings(workspace, actor, nowMs),
  };
}
