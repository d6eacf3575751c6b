/**
 * The policy comes from a protected place (pure). The policy is the workflow file's inputs: a
 * workflow file running from a branch anyone with push access can change (a feature branch
 * started with workflow_dispatch, a pull request's own workflow) could loosen it. Only workflow
 * files from `policy-refs` (default: the default branch) may release; a workflow running from a
 * tag is accepted when the tagged commit is in the default branch, where its workflow was reviewed.
 */

export interface PolicySourceFacts {
  /** GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/x.yml@refs/heads/main`; empty when the runner did not set it. */
  workflowRef: string;
  /** `owner/name` of this repository. */
  repository: string;
  /** The repository's default branch name. */
  defaultBranch: string;
  /** The refs allowed to carry a policy (`policy-refs`), fully qualified; empty means the default branch. */
  policyRefs: string[];
  /** For a workflow running from a tag: whether the tagged commit is in the default branch (null when not a tag or unknown). */
  tagInDefaultBranch: boolean | null;
}

export type PolicySource = { trusted: true; ref: string; why: string } | { trusted: false; ref: string; message: string };

/** The ref part of GITHUB_WORKFLOW_REF (`refs/heads/main`), and the repository it names. */
export function parseWorkflowRef(workflowRef: string): { repository: string; path: string; ref: string } | null {
  const at = workflowRef.lastIndexOf('@');
  if (at < 0) return null;
  const file = workflowRef.slice(0, at);
  const ref = workflowRef.slice(at + 1);
  const parts = file.split('/');
  if (parts.length < 3 || !ref.startsWith('refs/')) return null;
  return { repository: `${parts[0]}/${parts[1]}`, path: parts.slice(2).join('/'), ref };
}

/** A `policy-refs` item as a fully qualified ref: `main` → `refs/heads/main`. */
export function qualifyRef(item: string): string {
  return item.startsWith('refs/') ? item : `refs/heads/${item}`;
}

const matches = (pattern: string, ref: string): boolean =>
  pattern.endsWith('*') ? ref.startsWith(pattern.slice(0, -1)) : pattern === ref;

export function policySource(facts: PolicySourceFacts): PolicySource {
  const allowed = facts.policyRefs.length > 0 ? facts.policyRefs : [`refs/heads/${facts.defaultBranch}`];
  const how =
    `To release, run the workflow from ${allowed.join(', ')}, or list the ref in 'policy-refs' ` +
    `if its workflow file is as protected as the default branch (e.g. by a branch ruleset).`;
  const parsed = parseWorkflowRef(facts.workflowRef);
  if (!parsed) {
    return {
      trusted: false,
      ref: '',
      message: `The running workflow file cannot be established (GITHUB_WORKFLOW_REF is ${JSON.stringify(facts.workflowRef)}), so its release policy may come from an unprotected branch. ${how}`
    };
  }
  const { ref } = parsed;
  const file = `${parsed.path}@${ref}`;
  if (parsed.repository.toLowerCase() !== facts.repository.toLowerCase()) {
    return {
      trusted: false,
      ref,
      message: `The running workflow file ${parsed.repository}/${file} belongs to another repository, so this repository's reviews do not cover its release policy. ${how}`
    };
  }
  if (allowed.some((pattern) => matches(pattern, ref))) return { trusted: true, ref, why: `the workflow file comes from ${ref}, listed in policy-refs` };
  if (ref.startsWith('refs/tags/') && facts.tagInDefaultBranch === true) {
    return { trusted: true, ref, why: `the workflow file comes from tag ${ref.slice('refs/tags/'.length)}, whose commit is in the default branch ${facts.defaultBranch}` };
  }
  const where = ref.startsWith('refs/tags/')
    ? `tag ${ref.slice('refs/tags/'.length)}, whose commit is not in the default branch ${facts.defaultBranch}`
    : ref.startsWith('refs/pull/')
      ? `pull request ${ref.split('/')[2]}, whose author controls it`
      : `${ref}, which is not in policy-refs`;
  return {
    trusted: false,
    ref,
    message: `The release policy comes from ${file}: ${where}. Anyone who can push there could loosen the policy, so Tollgate does not release from it. ${how}`
  };
}
