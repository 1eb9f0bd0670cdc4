/** Nailgun's datetime format: `YYYY-MM-DDTHH:MM:SS.ffffff` in UTC, without a zone suffix. */
export function formatNailgunTime(value: Date | null | undefined): string | null {
  if (!value) return null;
  return `${value.toISOString().slice(0, 23)}000`;
}
