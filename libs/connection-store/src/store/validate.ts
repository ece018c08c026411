import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { HEALTH_STATUSES, type HealthStatus } from './types.js';

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}

/**
 * Throws `STORE_INPUT_INVALID` unless `value` is a non-empty string. The message names the argument,
 * never its value (it might be a token).
 *
 * @example
 * ```ts
 * requireText(input.workspaceId, 'workspaceId');
 * ```
 */
export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${name} must be a non-empty string.`);
  }
  return value;
}

/**
 * Throws unless `value` is null/undefined or a string; returns null for absent values.
 *
 * @example
 * ```ts
 * const name = optionalText(input.workspaceName, 'workspaceName');
 * ```
 */
export function optionalText(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(`${name} must be a string or null.`);
  return value;
}

/**
 * Throws unless `value` is an array of strings.
 *
 * @example
 * ```ts
 * const scopes = requireStringArray(input.scopes, 'scopes');
 * ```
 */
export function requireStringArray(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) {
    throw invalid(`${name} must be an array of strings.`);
  }
  return [...value] as string[];
}

/**
 * Throws unless `value` is an array (its items are checked by the caller).
 *
 * @example
 * ```ts
 * requireArray(entries, 'entries');
 * ```
 */
export function requireArray(value: unknown, name: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(`${name} must be an array.`);
  return value;
}

/**
 * Throws unless `value` is an integer in [min, max].
 *
 * @example
 * ```ts
 * requireInteger(opts.limit, 'limit', 1, 10_000);
 * ```
 */
export function requireInteger(
  value: unknown,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be an integer between ${min} and ${max}.`);
  }
  return value;
}

/**
 * Throws unless `value` is a valid Date.
 *
 * @example
 * ```ts
 * const at = requireDate(result.checkedAt, 'checkedAt');
 * ```
 */
export function requireDate(value: unknown, name: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalid(`${name} must be a valid Date.`);
  return value;
}

/**
 * Throws unless `value` is one of the health statuses.
 *
 * @example
 * ```ts
 * requireHealthStatus(result.status);
 * ```
 */
export function requireHealthStatus(value: unknown): HealthStatus {
  if (!HEALTH_STATUSES.includes(value as HealthStatus)) {
    throw invalid(`status must be one of ${HEALTH_STATUSES.join(', ')}.`);
  }
  return value as HealthStatus;
}
