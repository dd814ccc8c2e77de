// Generates what IT deploys policy with, all from ManagedPolicy (main/core/policy.ts): the JSON
// Schema, and the Group Policy templates (ADMX plus en-US and zh-CN ADML) that write the registry
// values main/core/policy-sources.ts reads. Run by scripts/policy-templates.mjs (`--check` in
// the tests, so the committed files never drift from the schema).
import {
  POLICY_KEYS,
  policyJsonSchema,
  policyValueKinds,
  type ManagedPolicy,
} from '../main/core/policy.js';
import { POLICY_TEXTS, type PolicyLanguage } from './policy-texts.js';

type Key = keyof ManagedPolicy;
interface Property {
  type?: string;
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  description?: string;
}

const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
/** Relative to HKLM: Group Policy's Machine class writes there. */
const REGISTRY_KEY = 'Software\\Policies\\AgentDesk\\AgentDesk';
const SCHEMA_ID = 'https://agentdesk.example/policy/agent-desk-policy.schema.json';

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function schemaFile(): string {
  const schema = policyJsonSchema();
  const published = {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'Agent Desk managed policy',
    description:
      'Settings IT fixes on every workstation. Windows: values under HKLM\\SOFTWARE\\Policies\\AgentDesk\\AgentDesk (strings, DWORDs for booleans and integers, JSON text for objects and arrays). macOS: a configuration profile for com.agentdesk.desktop. Linux: /etc/agent-desk/policy.json. Generated from main/core/policy.ts by npm run policy:templates.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}

function properties(): Record<Key, Property> {
  return policyJsonSchema().properties as Record<Key, Property>;
}

function policyElement(key: Key, property: Property): string {
  const kind = policyValueKinds()[key];
  const head = `    <policy name="${key}" class="Machine" displayName="$(string.${key})" explainText="$(string.${key}_Explain)" key="${REGISTRY_KEY}"`;
  const parents = `      <parentCategory ref="AgentDesk" />\n      <supportedOn ref="SUPPORTED_AgentDesk" />`;
  if (kind === 'boolean')
    return `${head} valueName="${key}">
${parents}
      <enabledValue><decimal value="1" /></enabledValue>
      <disabledValue><decimal value="0" /></disabledValue>
    </policy>`;
  let element: string;
  if (property.enum)
    element = `<enum id="${key}" valueName="${key}" required="true">
${property.enum
  .map(
    (value, i) =>
      `          <item displayName="$(string.${key}_${i})"><value><string>${xml(value)}</string></value></item>`,
  )
  .join('\n')}
        </enum>`;
  else if (kind === 'integer')
    element = `<decimal id="${key}" valueName="${key}" required="true" minValue="${property.minimum ?? 0}" maxValue="${property.maximum ?? 4294967295}" />`;
  else if (kind === 'json')
    element = `<multiText id="${key}" valueName="${key}" required="true" maxLength="8192" />`;
  else
    element = `<text id="${key}" valueName="${key}" required="true" maxLength="${property.maxLength ?? 2048}" />`;
  return `${head} presentation="$(presentation.${key})">
${parents}
      <elements>
        ${element}
      </elements>
    </policy>`;
}

export function admxFile(): string {
  const props = properties();
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from main/core/policy.ts by npm run policy:templates; do not edit. -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="${NS}">
  <policyNamespaces>
    <target prefix="agentdesk" namespace="AgentDesk.Policies.AgentDesk" />
    <using prefix="windows" namespace="Microsoft.Policies.Windows" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="SUPPORTED_AgentDesk" displayName="$(string.SUPPORTED_AgentDesk)" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="AgentDesk" displayName="$(string.AgentDesk)" />
  </categories>
  <policies>
${POLICY_KEYS.map((key) => policyElement(key, props[key])).join('\n')}
  </policies>
</policyDefinitions>
`;
}

function presentation(key: Key, property: Property, language: PolicyLanguage): string | null {
  const kind = policyValueKinds()[key];
  const label = xml(POLICY_TEXTS[language].label[kind]);
  if (kind === 'boolean') return null;
  if (property.enum)
    return `<presentation id="${key}"><dropdownList refId="${key}" noSort="true">${label}</dropdownList></presentation>`;
  if (kind === 'integer')
    return `<presentation id="${key}"><decimalTextBox refId="${key}">${label}</decimalTextBox></presentation>`;
  if (kind === 'json')
    return `<presentation id="${key}"><multiTextBox refId="${key}">${label}</multiTextBox></presentation>`;
  return `<presentation id="${key}"><textBox refId="${key}"><label>${label}</label></textBox></presentation>`;
}

export function admlFile(language: PolicyLanguage): string {
  const props = properties();
  const texts = POLICY_TEXTS[language];
  const strings: [string, string][] = [
    ['AgentDesk', 'Agent Desk'],
    ['SUPPORTED_AgentDesk', texts.supported],
  ];
  for (const key of POLICY_KEYS) {
    const text = texts.keys[key];
    const help = language === 'en-US' ? (props[key].description ?? '') : text.help;
    strings.push([key, text.title]);
    strings.push([
      `${key}_Explain`,
      `${help}\n\n${texts.registryValue}: HKLM\\${REGISTRY_KEY}\\${key}`,
    ]);
    props[key].enum?.forEach((value, i) => strings.push([`${key}_${i}`, value]));
  }
  const presentations = POLICY_KEYS.map((key) => presentation(key, props[key], language)).filter(
    (p): p is string => p !== null,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from main/core/policy.ts by npm run policy:templates; do not edit. -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="${NS}">
  <displayName>Agent Desk</displayName>
  <description>${xml(texts.description)}</description>
  <resources>
    <stringTable>
${strings.map(([id, text]) => `      <string id="${id}">${xml(text)}</string>`).join('\n')}
    </stringTable>
    <presentationTable>
${presentations.map((p) => `      ${p}`).join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

/** Every generated file, path relative to the repository root → content. */
export function policyTemplates(): Record<string, string> {
  return {
    'policy/agent-desk-policy.schema.json': schemaFile(),
    'policy/windows/AgentDesk.admx': admxFile(),
    'policy/windows/en-US/AgentDesk.adml': admlFile('en-US'),
    'policy/windows/zh-CN/AgentDesk.adml': admlFile('zh-CN'),
  };
}
