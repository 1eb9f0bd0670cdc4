/**
 * Writes a virtual node's root directory the way the kernel lays out `/sys` and `/proc`, so the
 * discovery agent reads it exactly as it reads a real machine (it takes a root directory).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A directory standing for one node's `/`. */
export class TreeWriter {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
    mkdirSync(root, { recursive: true });
  }

  /** The host path of a node path. */
  path(nodePath: string): string {
    return join(this.root, nodePath);
  }

  /** Writes `content` with the trailing newline sysfs and procfs files have. */
  file(nodePath: string, content: string | number): this {
    const target = this.path(nodePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${content}\n`);
    return this;
  }

  /** Writes several files of one directory. */
  files(dir: string, entries: Readonly<Record<string, string | number>>): this {
    for (const [name, content] of Object.entries(entries)) this.file(`${dir}/${name}`, content);
    return this;
  }

  dir(nodePath: string): this {
    mkdirSync(this.path(nodePath), { recursive: true });
    return this;
  }

  /** A relative symbolic link from `nodePath` to `target`, replacing what was there. */
  link(nodePath: string, target: string): this {
    const at = this.path(nodePath);
    mkdirSync(dirname(at), { recursive: true });
    this.dir(target);
    rmSync(at, { force: true, recursive: true });
    symlinkSync(relative(dirname(at), this.path(target)), at);
    return this;
  }

  remove(nodePath: string): this {
    rmSync(this.path(nodePath), { recursive: true, force: true });
    return this;
  }

  exists(nodePath: string): boolean {
    return existsSync(this.path(nodePath));
  }

  /** A file's text without its trailing newline, or undefined when it is missing. */
  read(nodePath: string): string | undefined {
    const target = this.path(nodePath);
    return existsSync(target) ? readFileSync(target, 'utf8').trimEnd() : undefined;
  }
}
