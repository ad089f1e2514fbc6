// A console form's or query's odd value: the route answers 422 naming the field and the rule.
export class BadInput extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field} : ${rule}`);
    this.name = 'BadInput';
  }
}
