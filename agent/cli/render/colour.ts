import type { CliIo } from '../io.js';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const;

type Colour = Exclude<keyof typeof ANSI, 'reset'>;

/** The colour of each status word of nodes, tasks and environments. */
const STATUS_COLOURS: Record<string, Colour> = {
  ready: 'green',
  operational: 'green',
  error: 'red',
  running: 'cyan',
  provisioning: 'cyan',
  deploying: 'cyan',
  removing: 'magenta',
  stopped: 'magenta',
  pending: 'yellow',
  provisioned: 'blue',
  discover: 'dim',
  new: 'dim',
};

/** Styles text for a terminal, or leaves it plain. */
export interface Palette {
  readonly enabled: boolean;
  paint(text: string, colour: Colour): string;
  /** `text` in the colour of `status` (`text` defaults to the status itself). */
  status(status: string, text?: string): string;
}

/** Colours on a terminal only, and never when `NO_COLOR` is set (no-color.org). */
export function paletteFor(io: CliIo): Palette {
  const enabled = io.isTTY && !io.env.NO_COLOR;
  const paint = (text: string, colour: Colour) =>
    enabled ? `${ANSI[colour]}${text}${ANSI.reset}` : text;

  return {
    enabled,
    paint,
    status: (status, text = status) => {
      const colour = STATUS_COLOURS[status];
      return colour ? paint(text, colour) : text;
    },
  };
}

/** The length of `text` as a terminal shows it (escape sequences take no room). */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matches ANSI escape sequences
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').length;
}
