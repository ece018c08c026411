/**
 * Builds record attribute values in the output shape of Attio's OpenAPI document
 * (`values.<attribute>[]`, one variant per `attribute_type`, each with `active_from`, `active_until` and
 * `created_by_actor`), and turns the loose input forms Attio accepts on writes into those values.
 * See https://docs.attio.com/docs/attribute-types.
 */

/** The attribute types the sandbox models; enough for the standard objects plus one custom object. */
export type AttributeType = 'text' | 'number' | 'personal-name' | 'email-address' | 'domain';

/** One attribute of an object. */
export interface AttributeDef {
  readonly slug: string;
  readonly type: AttributeType;
}

/** Who wrote a value (Attio's actor reference). */
export interface Actor {
  readonly type: 'workspace-member' | 'api-token' | 'system' | 'app';
  readonly id: string;
}

/** One value of a record attribute, in the response shape. */
export type RecordValue = Record<string, unknown> & {
  readonly attribute_type: AttributeType;
};

/** Thrown when a write names a value the attribute cannot hold; mapped to a 400 `value_not_found`-style body. */
export class ValueInputError extends Error {
  override readonly name = 'ValueInputError';
}

function base(activeFrom: string, actor: Actor): Record<string, unknown> {
  return {
    active_from: activeFrom,
    active_until: null,
    created_by_actor: { type: actor.type, id: actor.id },
  };
}

function asObject(item: unknown): Record<string, unknown> {
  return typeof item === 'object' && item !== null && !Array.isArray(item)
    ? (item as Record<string, unknown>)
    : {};
}

function stringField(item: unknown, field: string, slug: string): string {
  if (typeof item === 'string') return item;
  const v = asObject(item)[field];
  if (typeof v === 'string') return v;
  throw new ValueInputError(
    `Attribute "${slug}" expects a string or an object with a string "${field}".`,
  );
}

function oneValue(def: AttributeDef, item: unknown, activeFrom: string, actor: Actor): RecordValue {
  const b = base(activeFrom, actor);
  switch (def.type) {
    case 'text':
      return {
        ...b,
        value: stringField(item, 'value', def.slug),
        attribute_type: 'text',
      };
    case 'number': {
      const v = typeof item === 'number' ? item : asObject(item)['value'];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValueInputError(
          `Attribute "${def.slug}" expects a number or an object with a numeric "value".`,
        );
      }
      return { ...b, value: v, attribute_type: 'number' };
    }
    case 'personal-name': {
      const o = asObject(item);
      const full =
        typeof item === 'string'
          ? item
          : typeof o['full_name'] === 'string'
            ? (o['full_name'] as string)
            : '';
      const [first = '', ...rest] = full.split(' ');
      const firstName = typeof o['first_name'] === 'string' ? (o['first_name'] as string) : first;
      const lastName =
        typeof o['last_name'] === 'string' ? (o['last_name'] as string) : rest.join(' ');
      if (!firstName && !lastName) {
        throw new ValueInputError(
          `Attribute "${def.slug}" expects "First Last" or { first_name, last_name }.`,
        );
      }
      const fullName = full || `${firstName} ${lastName}`.trim();
      return {
        ...b,
        first_name: firstName,
        last_name: lastName,
        full_name: fullName,
        attribute_type: 'personal-name',
      };
    }
    case 'email-address': {
      const email = stringField(item, 'email_address', def.slug);
      const at = email.indexOf('@');
      if (at <= 0 || at === email.length - 1) {
        throw new ValueInputError(
          `Attribute "${def.slug}" expects an email address like "ada@example.com".`,
        );
      }
      const domain = email.slice(at + 1).toLowerCase();
      return {
        ...b,
        original_email_address: email,
        email_address: email.toLowerCase(),
        email_domain: domain,
        email_root_domain: rootDomain(domain),
        email_local_specifier: email.slice(0, at).toLowerCase(),
        attribute_type: 'email-address',
      };
    }
    case 'domain': {
      const domain = stringField(item, 'domain', def.slug).toLowerCase();
      return {
        ...b,
        domain,
        root_domain: rootDomain(domain),
        attribute_type: 'domain',
      };
    }
  }
}

function rootDomain(domain: string): string {
  return domain.split('.').slice(-2).join('.');
}

/**
 * Converts a write's input (a single value or an array of values) into stored values.
 *
 * @example
 * ```ts
 * buildValues({ slug: 'name', type: 'text' }, 'Acme', '2026-01-01T00:00:00.000Z', { type: 'system', id: 'x' });
 * // → [{ value: 'Acme', attribute_type: 'text', active_from: …, active_until: null, created_by_actor: … }]
 * ```
 */
export function buildValues(
  def: AttributeDef,
  input: unknown,
  activeFrom: string,
  actor: Actor,
): RecordValue[] {
  const items = Array.isArray(input) ? input : [input];
  return items.map((item) => oneValue(def, item, activeFrom, actor));
}

/**
 * The comparable primitive of a stored value (used by the simple equality filter of record queries).
 *
 * @example
 * ```ts
 * primitiveOf({ attribute_type: 'domain', domain: 'acme.com' }); // → 'acme.com'
 * ```
 */
export function primitiveOf(value: RecordValue): string | number | undefined {
  switch (value.attribute_type) {
    case 'text':
    case 'number':
      return value['value'] as string | number;
    case 'personal-name':
      return value['full_name'] as string;
    case 'email-address':
      return value['email_address'] as string;
    case 'domain':
      return value['domain'] as string;
  }
}
