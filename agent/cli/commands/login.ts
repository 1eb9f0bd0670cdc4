import { expectPositionals, parseCommand } from '../args.js';
import { usageError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { type CliIo, say, sayJson } from '../io.js';
import { readPassword } from '../prompt.js';
import { normaliseUrl, readSession, requestToken, serverUrl, writeSession } from '../session.js';
import type { Command } from './command.js';

const USAGE = `usage: fuel login [--url URL] [--user NAME] [--password PASSWORD] [--json]
Without --password: FUEL_PASSWORD, else a prompt (no echo) on a terminal, else a line of stdin.`;

/** `fuel login`: gets a token from the server's Keystone endpoint and saves it (mode 0600). */
export const loginCommand: Command = {
  name: 'login',
  summary: 'Log in to a Fuel server and remember the session',
  usage: USAGE,
  run: async (args, io) => {
    const { values, positionals } = parseCommand(
      args,
      { url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' } },
      USAGE,
    );
    expectPositionals(positionals, 0, USAGE);
    const url = values.url
      ? normaliseUrl(values.url)
      : serverUrl(io.env, await readSession(io.env));
    const user = values.user || io.env.FUEL_USER || 'admin';
    const password = await passwordFor(io, values.password, user);
    const { session, answer } = await requestToken(url, user, password, io.signal);
    await writeSession(io.env, session);
    if (values.json) sayJson(io, answer);
    else say(io, `Logged in to ${url} as ${user}; the session lasts until ${session.expires}.`);

    return EXIT_CODES.ok;
  },
};

async function passwordFor(io: CliIo, given: string | undefined, user: string): Promise<string> {
  const password =
    given ?? io.env.FUEL_PASSWORD ?? (await readPassword(io, `Password for ${user}: `));
  if (password === '') throw usageError('a password is required', USAGE);

  return password;
}
