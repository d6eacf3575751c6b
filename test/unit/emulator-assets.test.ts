/**
 * Release assets in the emulator, the way GitHub serves them: uploads go to `upload_url` on a host
 * of its own (`/api/uploads` on GitHub Enterprise Server) with `name` and `label` in the query and
 * the file as the body; immutable releases refuse uploads once published.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Repo } from '../emulator/state.js';

let gh: Emulator;
let repo: Repo;
let octokit: Octokit;
const owner = 'acme';
const name = 'shop';

beforeEach(async () => {
  gh = await startEmulator({ validateResponses: true });
  repo = gh.state.createRepo(owner, name);
  repo.commit({ message: 'Initial', branch: 'main' });
  gh.state.addToken('ghs_rw', 'github-actions[bot]', { contents: 'write', metadata: 'read' });
  octokit = new Octokit({ auth: 'ghs_rw', baseUrl: gh.apiUrl });
});
afterEach(async () => {
  try {
    gh.assertNoViolations();
  } finally {
    await gh.close();
  }
});

const draft = async () => (await octokit.rest.repos.createRelease({ owner, repo: name, tag_name: 'v1.0.0', draft: true })).data;
const upload = (uploadUrl: string, file: string, data: string, label?: string) =>
  octokit.request({ method: 'POST', url: uploadUrl, name: file, ...(label ? { label } : {}), data, headers: { 'content-type': 'application/gzip' } });

describe('release assets', () => {
  it('upload_url is on the uploads host, a URI template with name and label', async () => {
    const release = await draft();
    expect(release.upload_url).toBe(`${gh.uploadsUrl}/repos/${owner}/${name}/releases/${release.id}/assets{?name,label}`);
    expect(gh.uploadsUrl).not.toBe(gh.apiUrl);
  });

  it('uploads a file, lists it with the release, and keeps name, label, size and type', async () => {
    const release = await draft();
    const uploaded = await upload(release.upload_url, 'shop-1.0.0.tgz', 'twelve bytes', 'Shop (Linux)');
    expect(uploaded.status).toBe(201);
    expect(uploaded.data).toMatchObject({ name: 'shop-1.0.0.tgz', label: 'Shop (Linux)', size: 12, content_type: 'application/gzip', state: 'uploaded' });
    const listed = await octokit.rest.repos.listReleaseAssets({ owner, repo: name, release_id: release.id });
    expect(listed.data.map((a) => a.name)).toEqual(['shop-1.0.0.tgz']);
    const again = await octokit.rest.repos.getRelease({ owner, repo: name, release_id: release.id });
    expect(again.data.assets.map((a) => a.size)).toEqual([12]);
  });

  it('refuses a second asset with the same name (422 already_exists)', async () => {
    const release = await draft();
    await upload(release.upload_url, 'a.tgz', 'x');
    await expect(upload(release.upload_url, 'a.tgz', 'y')).rejects.toMatchObject({ status: 422, response: { data: { errors: [{ code: 'already_exists', field: 'name' }] } } });
  });

  it('does not serve uploads on the API host', async () => {
    const release = await draft();
    const onApiHost = release.upload_url.replace(gh.uploadsUrl, gh.apiUrl);
    await expect(upload(onApiHost, 'a.tgz', 'x')).rejects.toMatchObject({ status: 404 });
  });

  it('serves uploads at /api/uploads on GitHub Enterprise Server', async () => {
    const ghes = new Octokit({ auth: 'ghs_rw', baseUrl: gh.ghesApiUrl });
    const release = (await ghes.rest.repos.createRelease({ owner, repo: name, tag_name: 'v2.0.0', draft: true })).data;
    expect(release.upload_url).toBe(`${gh.url}/api/uploads/repos/${owner}/${name}/releases/${release.id}/assets{?name,label}`);
    expect((await upload(release.upload_url, 'a.tgz', 'x')).status).toBe(201);
  });

  it('an immutable release takes uploads while a draft, and none once published', async () => {
    repo.immutableReleases = true;
    const release = await draft();
    await upload(release.upload_url, 'a.tgz', 'x');
    const published = await octokit.rest.repos.updateRelease({ owner, repo: name, release_id: release.id, draft: false });
    expect(published.data.immutable).toBe(true);
    await expect(upload(release.upload_url, 'b.tgz', 'y')).rejects.toMatchObject({ status: 422, message: expect.stringContaining('Cannot upload assets to an immutable release') });
    await expect(octokit.rest.repos.deleteReleaseAsset({ owner, repo: name, asset_id: published.data.assets[0]!.id })).rejects.toMatchObject({ status: 422 });
  });

  it('deletes an asset of a draft', async () => {
    const release = await draft();
    const asset = (await upload(release.upload_url, 'a.tgz', 'x')).data as { id: number };
    expect((await octokit.rest.repos.deleteReleaseAsset({ owner, repo: name, asset_id: asset.id })).status).toBe(204);
    expect((await octokit.rest.repos.listReleaseAssets({ owner, repo: name, release_id: release.id })).data).toEqual([]);
  });
});

describe('deleting an asset twice (a delete resent after its answer was lost)', () => {
  it('is done the second time: the asset is gone, and the step does not fail on the 404', async () => {
    const { createGitHub } = await import('../../src/core/github/client.js');
    const { deleteAsset } = await import('../../src/github/assets.js');
    const release = await draft();
    const uploaded = (await upload(release.upload_url, 'shop.tgz', 'bytes')).data as { id: number; name: string; size: number };
    const client = createGitHub({ token: 'ghs_rw', apiUrl: gh.apiUrl, graphqlUrl: gh.graphqlUrl, userAgent: 'test', retries: 0 });
    try {
      const asset = { id: uploaded.id, name: uploaded.name, size: uploaded.size, url: '', digest: null };
      await deleteAsset(client, { owner, repo: name }, asset);
      await expect(deleteAsset(client, { owner, repo: name }, asset)).resolves.toBeUndefined();
      expect(gh.requests('DELETE').map((e) => e.status)).toEqual([204, 404]);
    } finally {
      client.close();
    }
  });
});
