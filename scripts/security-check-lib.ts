// The CI security checks (Art. 17), as pure functions over source text so a test can feed them a
// bad fixture: Electron's security settings read from the TypeScript AST of main/shell (every
// window's webPreferences through shorthand and consts; window.open and navigation denied on every
// webContents by web-contents-created), the renderer's CSP, the fuses in
// electron-builder.yml; and the verdict on `npm audit --json`. Run by scripts/security-check.mjs.
import ts from 'typescript';

export interface SourceFile {
  path: string;
  text: string;
}

/** webPreferences that must hold literally, and the value each must have. */
const REQUIRED = { contextIsolation: true, sandbox: true } as const;
/** webPreferences that may be left out (Electron's default is safe) but never set unsafe. */
const SAFE_DEFAULTS = {
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
} as const;
const WINDOW_CLASSES = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView']);
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
} as const;

const propName = (p: ts.ObjectLiteralElementLike) =>
  p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
const literal = (e: ts.Expression): boolean | undefined =>
  e.kind === ts.SyntaxKind.TrueKeyword
    ? true
    : e.kind === ts.SyntaxKind.FalseKeyword
      ? false
      : undefined;

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** `const` names with their initialisers: `{ sandbox }` or `sandbox: on` is read as its value. */
type Consts = Map<string, ts.Expression>;

/** An expression's value after following `const` names (a few steps, never a cycle). */
function resolve(e: ts.Expression, consts: Consts): ts.Expression {
  let value = e;
  for (let step = 0; step < 8; step++) {
    while (ts.isParenthesizedExpression(value) || ts.isAsExpression(value))
      value = value.expression;
    if (!ts.isIdentifier(value) || !consts.has(value.text)) return value;
    value = consts.get(value.text)!;
  }
  return value;
}

function checkWebPreferences(
  prefs: ts.ObjectLiteralExpression,
  at: string,
  consts: Consts,
): string[] {
  const found = new Map<string, ts.Expression>();
  const problems: string[] = [];
  for (const p of prefs.properties) {
    if (ts.isSpreadAssignment(p))
      problems.push(`${at}: webPreferences spreads a value the check cannot see`);
    // `{ webSecurity }` is `{ webSecurity: webSecurity }`: the variable's value is what counts.
    else if (ts.isShorthandPropertyAssignment(p)) found.set(p.name.text, resolve(p.name, consts));
    else if (ts.isPropertyAssignment(p) && propName(p))
      found.set(propName(p)!, resolve(p.initializer, consts));
  }
  for (const [key, want] of Object.entries(REQUIRED)) {
    const value = found.get(key);
    if (!value || literal(value) !== want)
      problems.push(`${at}: webPreferences.${key} must be ${want}`);
  }
  for (const [key, want] of Object.entries(SAFE_DEFAULTS)) {
    const value = found.get(key);
    if (value && literal(value) !== want)
      problems.push(`${at}: webPreferences.${key} must be ${want}`);
  }
  return problems;
}

/** The object literal a `new BrowserWindow(...)` gets: inline, or returned by a local function. */
function windowOptions(
  arg: ts.Expression | undefined,
  functions: Map<string, ts.FunctionDeclaration>,
) {
  if (!arg) return undefined;
  if (ts.isObjectLiteralExpression(arg)) return arg;
  if (ts.isCallExpression(arg) && ts.isIdentifier(arg.expression)) {
    const fn = functions.get(arg.expression.text);
    let result: ts.ObjectLiteralExpression | undefined;
    if (fn?.body)
      walk(fn.body, (n) => {
        if (ts.isReturnStatement(n) && n.expression && ts.isObjectLiteralExpression(n.expression))
          result = n.expression;
      });
    return result;
  }
  return undefined;
}

const isCallTo = (n: ts.Node, method: string): n is ts.CallExpression =>
  ts.isCallExpression(n) &&
  ts.isPropertyAccessExpression(n.expression) &&
  n.expression.name.text === method;
const firstArgText = (n: ts.CallExpression) =>
  n.arguments[0] && ts.isStringLiteral(n.arguments[0]) ? n.arguments[0].text : undefined;
/** `target.method(...)` where target is the identifier `name`. */
const calledOn = (n: ts.CallExpression, name: string) =>
  ts.isPropertyAccessExpression(n.expression) &&
  ts.isIdentifier(n.expression.expression) &&
  n.expression.expression.text === name;
type Fn = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;
const paramName = (fn: Fn, index: number) => {
  const p = fn.parameters[index];
  return p && ts.isIdentifier(p.name) ? p.name.text : undefined;
};

/** A window-open handler whose every answer is `{ action: 'deny' }`. */
function alwaysDenies(handler: ts.Expression | undefined): boolean {
  if (!handler || !(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) return false;
  const answers: (ts.Expression | undefined)[] = [];
  if (!ts.isBlock(handler.body)) answers.push(handler.body);
  else
    walk(handler.body, (n) => {
      if (ts.isReturnStatement(n)) answers.push(n.expression);
    });
  return (
    answers.length > 0 &&
    answers.every((a) => {
      if (!a) return false;
      while (ts.isParenthesizedExpression(a)) a = a.expression;
      return (
        ts.isObjectLiteralExpression(a) &&
        a.properties.some(
          (p) =>
            ts.isPropertyAssignment(p) &&
            propName(p) === 'action' &&
            ts.isStringLiteral(p.initializer) &&
            p.initializer.text === 'deny',
        )
      );
    })
  );
}

/** A will-navigate listener that calls preventDefault() on the event it is given. */
function preventsDefault(listener: ts.Expression | undefined): boolean {
  if (!listener || !(ts.isArrowFunction(listener) || ts.isFunctionExpression(listener)))
    return false;
  const event = paramName(listener, 0);
  let prevents = false;
  walk(listener.body, (n) => {
    if (event && isCallTo(n, 'preventDefault') && calledOn(n, event)) prevents = true;
  });
  return prevents;
}

/**
 * The guards as applied to every webContents: the `web-contents-created` listener's body, or the
 * local function it hands the contents to, must deny window.open and guard will-navigate on THAT
 * contents — not somewhere else in the code, on some other object.
 */
function hardening(
  listener: ts.Expression | undefined,
  functions: Map<string, ts.FunctionDeclaration>,
) {
  let fn: Fn | undefined;
  let contents: string | undefined;
  if (listener && (ts.isArrowFunction(listener) || ts.isFunctionExpression(listener))) {
    fn = listener;
    contents = paramName(listener, 1);
    // `(_e, contents) => harden(contents)`: follow the call into the local function.
    walk(listener.body, (n) => {
      if (
        contents &&
        ts.isCallExpression(n) &&
        ts.isIdentifier(n.expression) &&
        functions.has(n.expression.text)
      ) {
        const index = n.arguments.findIndex((a) => ts.isIdentifier(a) && a.text === contents);
        const target = functions.get(n.expression.text)!;
        if (index >= 0 && paramName(target, index)) {
          fn = target;
          contents = paramName(target, index);
        }
      }
    });
  }
  let denyOpen = false;
  let guardNavigate = false;
  if (fn?.body && contents)
    walk(fn.body, (n) => {
      if (isCallTo(n, 'setWindowOpenHandler') && calledOn(n, contents!))
        denyOpen ||= alwaysDenies(n.arguments[0]);
      if (isCallTo(n, 'on') && calledOn(n, contents!) && firstArgText(n) === 'will-navigate')
        guardNavigate ||= preventsDefault(n.arguments[1]);
    });
  return { denyOpen, guardNavigate };
}

/** Findings over main/shell's TypeScript: windows, webPreferences, navigation, window.open. */
export function electronFindings(files: SourceFile[]): string[] {
  const problems: string[] = [];
  const parsed = files.map((f) => ({
    f,
    sf: ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, true),
  }));
  const functions = new Map<string, ts.FunctionDeclaration>();
  for (const { sf } of parsed)
    walk(sf, (n) => {
      if (ts.isFunctionDeclaration(n) && n.name) functions.set(n.name.text, n);
    });
  let everyContents = false;
  let denyOpen = false;
  let guardNavigate = false;
  for (const { f, sf } of parsed) {
    const at = (n: ts.Node) =>
      `${f.path}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const consts: Consts = new Map();
    walk(sf, (n) => {
      if (ts.isVariableDeclarationList(n) && n.flags & ts.NodeFlags.Const)
        for (const d of n.declarations)
          if (ts.isIdentifier(d.name) && d.initializer) consts.set(d.name.text, d.initializer);
    });
    walk(sf, (n) => {
      if (
        ts.isNewExpression(n) &&
        ts.isIdentifier(n.expression) &&
        WINDOW_CLASSES.has(n.expression.text)
      ) {
        const options = windowOptions(n.arguments?.[0], functions);
        const prefs = options?.properties.find((p) => propName(p) === 'webPreferences');
        if (
          !options ||
          !prefs ||
          !ts.isPropertyAssignment(prefs) ||
          !ts.isObjectLiteralExpression(prefs.initializer)
        )
          problems.push(
            `${at(n)}: new ${n.expression.text}(…) without webPreferences the check can read`,
          );
      }
      if (ts.isPropertyAssignment(n) && propName(n) === 'webPreferences') {
        const prefs = resolve(n.initializer, consts);
        if (ts.isObjectLiteralExpression(prefs))
          problems.push(...checkWebPreferences(prefs, at(n), consts));
        else problems.push(`${at(n)}: webPreferences is not an object literal the check can read`);
      }
      if (isCallTo(n, 'on') && firstArgText(n) === 'web-contents-created') {
        everyContents = true;
        const guards = hardening(n.arguments[1], functions);
        denyOpen ||= guards.denyOpen;
        guardNavigate ||= guards.guardNavigate;
      }
    });
  }
  if (!everyContents)
    problems.push("no app.on('web-contents-created') hardening every webContents");
  if (!denyOpen)
    problems.push(
      "web-contents-created does not give every webContents a setWindowOpenHandler answering { action: 'deny' }: window.open is allowed",
    );
  if (!guardNavigate)
    problems.push(
      'web-contents-created does not give every webContents a will-navigate listener calling preventDefault(): navigation is allowed',
    );
  return problems;
}

/** The renderer's CSP (index.html meta): present, default-src 'none', no unsafe script source. */
export function cspFindings(html: string): string[] {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!meta) return ['renderer/index.html has no Content-Security-Policy'];
  const directives = new Map(
    meta[1]!.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  const problems: string[] = [];
  if (!directives.get('default-src')?.includes("'none'"))
    problems.push("CSP default-src is not 'none'");
  const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:'])
    if (scripts.includes(bad)) problems.push(`CSP script-src allows ${bad}`);
  return problems;
}

/** electron-builder.yml's electronFuses (already parsed): each hardening fuse as required. */
export function fuseFindings(fuses: Record<string, unknown> | undefined): string[] {
  return Object.entries(REQUIRED_FUSES)
    .filter(([key, want]) => fuses?.[key] !== want)
    .map(([key, want]) => `electron-builder.yml electronFuses.${key} must be ${want}`);
}

export type AuditVerdict =
  | { outcome: 'pass'; summary: string }
  | { outcome: 'fail'; summary: string; findings: string[] }
  | { outcome: 'skip'; summary: string };

/**
 * `npm audit --json` output → verdict. High or critical advisories fail; an advisory endpoint
 * that does not answer is a skip with its reason, never a pass (docs/deploy.md says why).
 */
export function auditVerdict(stdout: string): AuditVerdict {
  let report: {
    error?: { summary?: string; code?: string };
    message?: string;
    statusCode?: number;
    vulnerabilities?: Record<string, { severity: string; via: unknown[]; fixAvailable?: unknown }>;
    metadata?: { vulnerabilities?: Record<string, number> };
  };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    return {
      outcome: 'skip',
      summary: `npm audit gave no report: ${stdout.trim().slice(0, 200) || '(empty)'}`,
    };
  }
  if (report.message || report.error || !report.metadata?.vulnerabilities)
    return {
      outcome: 'skip',
      summary: `the advisory database did not answer: ${report.message ?? report.error?.summary ?? report.error?.code ?? 'no vulnerability metadata'}`,
    };
  const counts = report.metadata.vulnerabilities;
  const summary = ['critical', 'high', 'moderate', 'low']
    .map((s) => `${counts[s] ?? 0} ${s}`)
    .join(', ');
  const findings = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  return findings.length ? { outcome: 'fail', summary, findings } : { outcome: 'pass', summary };
}
