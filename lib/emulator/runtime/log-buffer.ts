/** The text a worker printed during one invocation (or its init), bounded. */

/** A bounded log: keeps the last `cap` characters, so a handler printing megabytes costs nothing here. */
export class LogBuffer {
  private text = "";
  constructor(private readonly cap = 16 * 1024) {}

  /** Appends text, dropping the oldest beyond the cap. */
  append(s: string): void {
    this.text += s;
    if (this.text.length > this.cap * 2) this.text = this.text.slice(-this.cap);
  }

  /** The retained text. */
  toString(): string {
    return this.text.length > this.cap ? this.text.slice(-this.cap) : this.text;
  }
}
