/**
 * What a directory record's PATCH sends (`useSaveRecord`), apart from React so that the tests of
 * a form's body can check it: the fields whose value changed, plus `version`. A field that became
 * `undefined` (emptied, or not offered) is not sent; one set to `null` is (the API clears it).
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T, version: number): Partial<T> & { version: number } {
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]) && after[key] !== undefined) patch[key] = after[key];
  }
  return { ...(patch as Partial<T>), version };
}
