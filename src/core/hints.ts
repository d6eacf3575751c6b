/**
 * Hints about likely typos in a policy's names (pure): the closest known name, and the sentence
 * for an environment that never had a deployment. They explain a block; they never cause one.
 */

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest known name, when it is close enough to be a typo (never the same name in another case). */
export function closest(name: string, known: string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d > 0 && d <= Math.max(2, Math.floor(name.length / 4)) && (!best || d < best.d)) best = { name: candidate, d };
  }
  return best?.name;
}

const code = (s: string): string => `\`${s}\``;

/** Names as inline code, at most `max` of them. */
export function listed(names: string[], max = 10): string {
  const shown = names.slice(0, max).map(code).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * `input: owner/repo has never had a deployment to `stagign`; did you mean `staging`?`, or the
 * environments that had deployments when none is close.
 */
export function neverDeployedHint(input: string, repository: string, environment: string, known: string[]): string {
  const guess = closest(environment, known);
  return (
    `${input}: ${repository} has never had a deployment to ${code(environment)}` +
    (guess ? `; did you mean ${code(guess)}?` : known.length ? `. Environments with deployments: ${listed(known)}.` : '.')
  );
}
