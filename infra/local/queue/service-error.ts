/**
 * A refusal of the local queue or token registry, named like the error SQS or Step Functions
 * returns in the same case, so code written against AWS matches the same names here.
 */
export class LocalServiceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
