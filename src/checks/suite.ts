// The acceptance suite: only check ids, in report order. A test pins this list against the check files on disk.
export const SUITE: readonly string[] = [
  "t01/addresses-inside-lab-subnet",
  "t01/addresses-unique",
  "t05/version-matrix-supported",
];
