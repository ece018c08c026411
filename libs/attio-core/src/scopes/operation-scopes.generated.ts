// GENERATED FILE, do not edit. Regenerate with `npm run generate:scopes`.
// Sources (first is primary): attio-api-2026-03-08.speakeasy-overlay.yaml, attio-api-2025-10-01.json.
// A drift test (scope-table-drift.spec.ts) fails when this file no longer matches the documents.
import type { OperationScopes } from './operation-scopes.js';

/**
 * Every operation in Attio's OpenAPI document with the OAuth scopes it requires, sorted by path then method.
 *
 * @example
 * ```ts
 * OPERATION_SCOPES.find((o) => o.method === 'GET' && o.path === '/v2/workspace_members')?.scopes;
 * // → ['user_management:read']
 * ```
 */
export const OPERATION_SCOPES: readonly OperationScopes[] = [
  { method: 'GET', path: '/scim/v2/Groups', scopes: ['scim_management:read'] },
  { method: 'GET', path: '/scim/v2/Schemas', scopes: ['scim_management:read'] },
  { method: 'GET', path: '/scim/v2/Users', scopes: ['scim_management:read'] },
  { method: 'POST', path: '/v2/comments', scopes: ['comment:read-write'] },
  { method: 'DELETE', path: '/v2/comments/{comment_id}', scopes: ['comment:read-write'] },
  { method: 'GET', path: '/v2/comments/{comment_id}', scopes: ['comment:read'] },
  { method: 'GET', path: '/v2/files', scopes: ['file:read', 'object_configuration:read', 'record_permission:read'] },
  { method: 'POST', path: '/v2/files', scopes: ['file:read-write', 'object_configuration:read', 'record_permission:read'] },
  { method: 'POST', path: '/v2/files/upload', scopes: ['file:read-write', 'object_configuration:read', 'record_permission:read'] },
  { method: 'DELETE', path: '/v2/files/{file_id}', scopes: ['file:read-write', 'object_configuration:read', 'record_permission:read'] },
  { method: 'GET', path: '/v2/files/{file_id}', scopes: ['file:read', 'object_configuration:read', 'record_permission:read'] },
  { method: 'GET', path: '/v2/files/{file_id}/download', scopes: ['file:read', 'object_configuration:read', 'record_permission:read'] },
  { method: 'GET', path: '/v2/lists', scopes: ['list_configuration:read'] },
  { method: 'POST', path: '/v2/lists', scopes: ['list_configuration:read-write'] },
  { method: 'GET', path: '/v2/lists/{list}', scopes: ['list_configuration:read'] },
  { method: 'PATCH', path: '/v2/lists/{list}', scopes: ['list_configuration:read-write'] },
  { method: 'POST', path: '/v2/lists/{list}/entries', scopes: ['list_configuration:read', 'list_entry:read-write'] },
  { method: 'PUT', path: '/v2/lists/{list}/entries', scopes: ['list_configuration:read', 'list_entry:read-write'] },
  { method: 'POST', path: '/v2/lists/{list}/entries/query', scopes: ['list_configuration:read', 'list_entry:read'] },
  { method: 'DELETE', path: '/v2/lists/{list}/entries/{entry_id}', scopes: ['list_configuration:read', 'list_entry:read-write'] },
  { method: 'GET', path: '/v2/lists/{list}/entries/{entry_id}', scopes: ['list_configuration:read', 'list_entry:read'] },
  { method: 'PATCH', path: '/v2/lists/{list}/entries/{entry_id}', scopes: ['list_configuration:read', 'list_entry:read-write'] },
  { method: 'PUT', path: '/v2/lists/{list}/entries/{entry_id}', scopes: ['list_configuration:read', 'list_entry:read-write'] },
  { method: 'GET', path: '/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values', scopes: ['list_configuration:read', 'list_entry:read'] },
  { method: 'GET', path: '/v2/meetings', scopes: ['meeting:read', 'record_permission:read'] },
  { method: 'POST', path: '/v2/meetings', scopes: ['meeting:read-write', 'record_permission:read'] },
  { method: 'GET', path: '/v2/meetings/{meeting_id}', scopes: ['meeting:read', 'record_permission:read'] },
  { method: 'GET', path: '/v2/meetings/{meeting_id}/call_recordings', scopes: ['call_recording:read', 'meeting:read'] },
  { method: 'POST', path: '/v2/meetings/{meeting_id}/call_recordings', scopes: ['call_recording:read-write', 'meeting:read'] },
  { method: 'DELETE', path: '/v2/meetings/{meeting_id}/call_recordings/{call_recording_id}', scopes: ['call_recording:read-write', 'meeting:read'] },
  { method: 'GET', path: '/v2/meetings/{meeting_id}/call_recordings/{call_recording_id}', scopes: ['call_recording:read', 'meeting:read'] },
  { method: 'GET', path: '/v2/meetings/{meeting_id}/call_recordings/{call_recording_id}/transcript', scopes: ['call_recording:read', 'meeting:read'] },
  { method: 'GET', path: '/v2/notes', scopes: ['note:read', 'object_configuration:read', 'record_permission:read'] },
  { method: 'POST', path: '/v2/notes', scopes: ['note:read-write', 'object_configuration:read', 'record_permission:read'] },
  { method: 'DELETE', path: '/v2/notes/{note_id}', scopes: ['note:read-write'] },
  { method: 'GET', path: '/v2/notes/{note_id}', scopes: ['note:read', 'object_configuration:read', 'record_permission:read'] },
  { method: 'GET', path: '/v2/objects', scopes: ['object_configuration:read'] },
  { method: 'POST', path: '/v2/objects', scopes: ['object_configuration:read-write'] },
  { method: 'POST', path: '/v2/objects/records/search', scopes: ['object_configuration:read', 'record_permission:read'] },
  { method: 'GET', path: '/v2/objects/{object}', scopes: ['object_configuration:read'] },
  { method: 'PATCH', path: '/v2/objects/{object}', scopes: ['object_configuration:read-write'] },
  { method: 'POST', path: '/v2/objects/{object}/records', scopes: ['object_configuration:read', 'record_permission:read-write'] },
  { method: 'PUT', path: '/v2/objects/{object}/records', scopes: ['object_configuration:read', 'record_permission:read-write'] },
  { method: 'POST', path: '/v2/objects/{object}/records/query', scopes: ['object_configuration:read', 'record_permission:read'] },
  { method: 'DELETE', path: '/v2/objects/{object}/records/{record_id}', scopes: ['object_configuration:read', 'record_permission:read-write'] },
  { method: 'GET', path: '/v2/objects/{object}/records/{record_id}', scopes: ['object_configuration:read', 'record_permission:read'] },
  { method: 'PATCH', path: '/v2/objects/{object}/records/{record_id}', scopes: ['object_configuration:read', 'record_permission:read-write'] },
  { method: 'PUT', path: '/v2/objects/{object}/records/{record_id}', scopes: ['object_configuration:read', 'record_permission:read-write'] },
  { method: 'GET', path: '/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values', scopes: ['object_configuration:read', 'record_permission:read'] },
  { method: 'GET', path: '/v2/objects/{object}/records/{record_id}/entries', scopes: ['list_entry:read', 'object_configuration:read', 'record_permission:read'] },
  { method: 'GET', path: '/v2/self', scopes: [] },
  { method: 'GET', path: '/v2/tasks', scopes: ['object_configuration:read', 'record_permission:read', 'task:read', 'user_management:read'] },
  { method: 'POST', path: '/v2/tasks', scopes: ['object_configuration:read', 'record_permission:read', 'task:read-write', 'user_management:read'] },
  { method: 'DELETE', path: '/v2/tasks/{task_id}', scopes: ['task:read-write'] },
  { method: 'GET', path: '/v2/tasks/{task_id}', scopes: ['object_configuration:read', 'record_permission:read', 'task:read', 'user_management:read'] },
  { method: 'PATCH', path: '/v2/tasks/{task_id}', scopes: ['object_configuration:read', 'record_permission:read', 'task:read-write', 'user_management:read'] },
  { method: 'GET', path: '/v2/threads', scopes: ['comment:read'] },
  { method: 'GET', path: '/v2/threads/{thread_id}', scopes: ['comment:read'] },
  { method: 'GET', path: '/v2/webhooks', scopes: ['webhook:read'] },
  { method: 'POST', path: '/v2/webhooks', scopes: ['webhook:read-write'] },
  { method: 'DELETE', path: '/v2/webhooks/{webhook_id}', scopes: ['webhook:read-write'] },
  { method: 'GET', path: '/v2/webhooks/{webhook_id}', scopes: ['webhook:read'] },
  { method: 'PATCH', path: '/v2/webhooks/{webhook_id}', scopes: ['webhook:read-write'] },
  { method: 'GET', path: '/v2/workspace_members', scopes: ['user_management:read'] },
  { method: 'GET', path: '/v2/workspace_members/{workspace_member_id}', scopes: ['user_management:read'] },
  { method: 'GET', path: '/v2/{target}/{identifier}/attributes', scopes: ['object_configuration:read'] },
  { method: 'POST', path: '/v2/{target}/{identifier}/attributes', scopes: [] },
  { method: 'GET', path: '/v2/{target}/{identifier}/attributes/{attribute}', scopes: ['object_configuration:read'] },
  { method: 'PATCH', path: '/v2/{target}/{identifier}/attributes/{attribute}', scopes: ['object_configuration:read-write'] },
  { method: 'GET', path: '/v2/{target}/{identifier}/attributes/{attribute}/options', scopes: ['object_configuration:read'] },
  { method: 'POST', path: '/v2/{target}/{identifier}/attributes/{attribute}/options', scopes: ['object_configuration:read-write'] },
  { method: 'PATCH', path: '/v2/{target}/{identifier}/attributes/{attribute}/options/{option}', scopes: ['object_configuration:read-write'] },
  { method: 'GET', path: '/v2/{target}/{identifier}/attributes/{attribute}/statuses', scopes: ['object_configuration:read'] },
  { method: 'POST', path: '/v2/{target}/{identifier}/attributes/{attribute}/statuses', scopes: ['object_configuration:read-write'] },
  { method: 'PATCH', path: '/v2/{target}/{identifier}/attributes/{attribute}/statuses/{status}', scopes: ['object_configuration:read-write'] },
];

/**
 * Every scope name the documents declare or use, sorted.
 *
 * @example
 * ```ts
 * ALL_SCOPES.includes('webhook:read-write'); // → true
 * ```
 */
export const ALL_SCOPES: readonly string[] = [
  'call_recording:read',
  'call_recording:read-write',
  'comment:read',
  'comment:read-write',
  'file:read',
  'file:read-write',
  'list_configuration:read',
  'list_configuration:read-write',
  'list_entry:read',
  'list_entry:read-write',
  'meeting:read',
  'meeting:read-write',
  'note:read',
  'note:read-write',
  'object_configuration:read',
  'object_configuration:read-write',
  'private_collection:read',
  'private_collection:read-write',
  'public_collection:read',
  'public_collection:read-write',
  'record_permission:read',
  'record_permission:read-write',
  'scim_management:read',
  'scim_management:read-write',
  'task:read',
  'task:read-write',
  'user_management:read',
  'user_management:read-write',
  'webhook:read',
  'webhook:read-write',
];
