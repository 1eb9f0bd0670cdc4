/** Bumped on any change a relay of the previous version would misread; step messages carry it. */
export const CONTRACT_VERSION = 1;
