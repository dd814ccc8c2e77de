// The app's version, reported by /health so the desktop and IT can see which build answers.
// esbuild inlines the JSON when the service is bundled.
import packageJson from '../package.json' with { type: 'json' };

export const SERVICE_VERSION: string = packageJson.version;
