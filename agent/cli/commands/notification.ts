import { expectPositionals, parseCommand } from '../args.js';
import { EXIT_CODES } from '../exit-codes.js';
import { say, sayJson } from '../io.js';
import { paletteFor } from '../render/colour.js';
import { formatTable, showValue } from '../render/table.js';
import { openClient } from '../session.js';
import type { Command } from './command.js';

const USAGE = 'usage: fuel notifications [--unread] [--json]';

/** A notification as `GET /notifications` answers it. */
interface NotificationJson {
  id: number;
  cluster: number | null;
  topic: string;
  message: string;
  status: string;
  date: string;
  time: string;
}

const TOPIC_STATUS: Record<string, string> = { error: 'error', done: 'ready', warning: 'pending' };

/** `fuel notifications`: the operator's message feed, optionally only what is unread. */
export const notificationsCommand: Command = {
  name: 'notifications',
  summary: 'List notifications',
  usage: USAGE,
  run: async (args, io) => {
    const { values, positionals } = parseCommand(args, { unread: { type: 'boolean' } }, USAGE);
    expectPositionals(positionals, 0, USAGE);
    const all = await (await openClient(io)).get<NotificationJson[]>('/api/v1/notifications');
    const shown = values.unread ? all.filter((n) => n.status === 'unread') : all;
    if (values.json) {
      sayJson(io, shown);
      return EXIT_CODES.ok;
    }
    const palette = paletteFor(io);
    say(
      io,
      formatTable(shown, [
        { header: 'id', value: (n) => String(n.id), align: 'right' },
        { header: 'date', value: (n) => `${n.date} ${n.time}` },
        {
          header: 'topic',
          value: (n) => n.topic,
          style: (cell, n) => palette.status(TOPIC_STATUS[n.topic] ?? '', cell),
        },
        { header: 'status', value: (n) => n.status },
        { header: 'env', value: (n) => showValue(n.cluster) },
        { header: 'message', value: (n) => n.message },
      ]),
    );

    return EXIT_CODES.ok;
  },
};
