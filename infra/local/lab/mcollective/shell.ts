/**
 * `execute_shell_command` on a virtual node: the few commands an operator or a task runs to
 * look at a node (`hostname`, `cat`, `test -e`, `echo`, `uptime`, `true`, `false`) answered
 * from the node's state; anything else is not installed (exit 127, as `/bin/sh` says).
 */
import type { VirtualNode } from '../virtual-node.js';

/** What a command printed and how it ended. */
export interface ShellResult {
  stdout: string;
  stderr: string;
  exit_code: number;
}

const done = (stdout: string, exitCode = 0): ShellResult => ({
  stdout,
  stderr: '',
  exit_code: exitCode,
});

/** A file's text: uploaded through MCollective, or part of the node's tree. */
function readNodeFile(node: VirtualNode, path: string): string | undefined {
  const uploaded = node.files.get(path)?.content;
  if (uploaded !== undefined) return uploaded;
  return path.startsWith('/') && !path.includes('..') ? node.tree.read(path) : undefined;
}

function cat(node: VirtualNode, paths: string[]): ShellResult {
  let stdout = '';
  for (const path of paths) {
    const content = readNodeFile(node, path);
    if (content === undefined) {
      return { stdout, stderr: `cat: ${path}: No such file or directory\n`, exit_code: 1 };
    }
    stdout += content.endsWith('\n') ? content : `${content}\n`;
  }
  return done(stdout);
}

function uptime(node: VirtualNode): ShellResult {
  const users = node.system === 'bootstrap' ? 0 : 1;
  return done(` 12:00:00 up 0 min,  ${users} users,  load average: 0.08, 0.02, 0.01\n`);
}

/** Runs `cmd` as far as the node can. */
export function runShell(node: VirtualNode, cmd: string): ShellResult {
  const [command = '', ...args] = cmd.trim().split(/\s+/);
  switch (command) {
    case 'true':
    case '':
      return done('');
    case 'false':
      return done('', 1);
    case 'hostname':
      return done(`${node.hostname}\n`);
    case 'echo':
      return done(`${args.join(' ')}\n`);
    case 'cat':
      return cat(node, args);
    case 'test':
      return done('', args.length === 2 && readNodeFile(node, args[1] ?? '') !== undefined ? 0 : 1);
    case 'uptime':
      return uptime(node);
    default:
      return { stdout: '', stderr: `/bin/sh: 1: ${command}: not found\n`, exit_code: 127 };
  }
}
