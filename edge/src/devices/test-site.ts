/** Site configs for tests and simulations: the sample compounds shipped in firmware-config. */
import { createRequire } from 'node:module';
import { loadSiteConfig } from '@yardguard/firmware-config/node';
import { siteConfig, type SiteConfig, type SiteConfigInput } from '@yardguard/firmware-config/wire';

const require = createRequire(import.meta.url);

export function sampleSite(name: 'small' | 'large'): SiteConfig {
  return loadSiteConfig(require.resolve(`@yardguard/firmware-config/provisioning/samples/${name}-compound.json`));
}

/** A sample with some top-level parts replaced, validated like a real config. */
export function sampleSiteWith(name: 'small' | 'large', patch: (input: SiteConfigInput) => SiteConfigInput): SiteConfig {
  const input = JSON.parse(JSON.stringify(sampleSite(name))) as SiteConfigInput;
  return siteConfig.parse(patch(input));
}
