// Every ```ts / ```typescript block of README.md and docs/*.md is typechecked the way a user who copies it into a
// project of theirs would compile it: as its own ES module (top-level await allowed), with the repository's
// tsconfig options (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, verbatimModuleSyntax...),
// importing the package by its public names ('ovh-credentials', 'ovh-credentials/schemas', 'ovh-credentials/webpaas',
// 'ovh-credentials/testing', mapped to src/ with `paths`). Names the prose defines before a snippet (the `ovh`
// client, a project id, "your code") are declared in test/docs-snippets/preludes.ts. One ts.createProgram covers
// every snippet at once; a failure names the Markdown file, the line and the diagnostic.
//
// The docs' relative links are checked too: each must reach a file the npm package ships, so that it works on
// GitHub, on the registry page and in node_modules alike.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { preludes } from './docs-snippets/preludes.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** One fenced ```ts / ```typescript block. */
interface Snippet {
  /** The Markdown file, relative to the repository root (`README.md`, `docs/errors.md`). */
  file: string;
  /** 1-based line, in `file`, of the snippet's first line of code. */
  line: number;
  /** The code, the fence's indentation removed. */
  code: string;
}

/** A diagnostic, placed in the Markdown file. */
interface SnippetFailure {
  file: string;
  /** Line in `file` (the opening fence for a diagnostic in the prelude, 0 for one about the options). */
  line: number;
  code: number;
  message: string;
  /** The offending line of code, when the diagnostic points into the snippet. */
  source?: string;
}

const OPEN = /^(\s*)(`{3,}|~{3,})\s*(?:ts|typescript)(?:\s.*)?$/i;

/** Every ```ts and ```typescript block of a Markdown text. */
function extractSnippets(file: string, markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const trimmed = line.trim();
      if (trimmed.length >= fence.length && trimmed === fence[0]!.repeat(trimmed.length)) break;
      body.push(line.slice(Math.min(indent, line.length - line.trimStart().length)));
    }
    snippets.push({ file, line: i + 2, code: body.join('\n') });
    i = j;
  }
  return snippets;
}

/** The names a module's top-level statements declare or import. */
function declaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) addBinding(d.name);
    else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    )
      names.add(statement.name.text);
    else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const { name, namedBindings } = statement.importClause;
      if (name) names.add(name.text);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) names.add(namedBindings.name.text);
      else if (namedBindings) for (const e of namedBindings.elements) names.add(e.name.text);
    }
  }
  return names;
}

/** A prelude's statements, keyed by the one name each declares. */
function preludeStatements(prelude: string): Map<string, string> {
  const source = ts.createSourceFile('prelude.ts', prelude, ts.ScriptTarget.Latest, true);
  const statements = new Map<string, string>();
  for (const statement of source.statements) {
    const text = statement.getText(source);
    const names = [...declaredNames(ts.createSourceFile('statement.ts', text, ts.ScriptTarget.Latest))];
    if (names.length !== 1) throw new Error(`A prelude statement must declare exactly one name: ${text}`);
    statements.set(names[0]!, text.replace(/\s*\n\s*/g, ' '));
  }
  return statements;
}

/** The repository's tsconfig.json options, the package's public names mapped to src/. */
function snippetCompilerOptions(): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  return {
    ...options,
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    paths: {
      'ovh-credentials': [join(root, 'src/index.ts')],
      'ovh-credentials/schemas': [join(root, 'src/schemas.ts')],
      'ovh-credentials/webpaas': [join(root, 'src/webpaas/index.ts')],
      'ovh-credentials/testing': [join(root, 'src/testing/index.ts')],
    },
  };
}

/**
 * Typechecks snippets, all in one program, and returns every error placed in its Markdown file. Each snippet gets
 * its file's prelude (the declarations of the names it does not declare itself) appended after its code, so that
 * line numbers stay those of the Markdown file.
 */
function checkSnippets(snippets: readonly Snippet[], preludeOf: Readonly<Record<string, string>>): SnippetFailure[] {
  const options = snippetCompilerOptions();
  const parsed = new Map<string, Map<string, string>>();
  const virtual = new Map<string, { snippet: Snippet; text: string; codeLines: number }>();
  snippets.forEach((snippet, index) => {
    let prelude = parsed.get(snippet.file);
    if (!prelude) {
      prelude = preludeStatements(preludeOf[snippet.file] ?? '');
      parsed.set(snippet.file, prelude);
    }
    const own = declaredNames(ts.createSourceFile('snippet.mts', snippet.code, ts.ScriptTarget.Latest));
    const declarations = [...prelude].filter(([name]) => !own.has(name)).map(([, text]) => text);
    // `export {}` keeps a snippet that neither imports nor exports a module (top-level await needs one). The name
    // ends in .mts: an ES module whatever the package.json says; it sits under test/ so that node_modules resolve.
    const text = `${snippet.code}\n${declarations.join('\n')}\nexport {};\n`;
    const name = join(root, 'test', 'docs-snippets', '.virtual', `${snippet.file.replace(/[^\w.-]+/g, '_')}.${snippet.line}.${index}.mts`);
    virtual.set(name, { snippet, text, codeLines: snippet.code.split('\n').length });
  });

  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const entry = virtual.get(fileName);
    return entry ? ts.createSourceFile(fileName, entry.text, languageVersion, true) : getSourceFile.call(host, fileName, languageVersion, ...rest);
  };
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(fileName)?.text ?? readFile.call(host, fileName);

  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const text = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const failures: SnippetFailure[] = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => ({
    file: 'tsconfig.json',
    line: 0,
    code: d.code,
    message: text(d),
  }));
  for (const [name, { snippet, codeLines }] of virtual) {
    const source = program.getSourceFile(name)!;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      const at = d.file === source && d.start !== undefined ? source.getLineAndCharacterOfPosition(d.start).line : undefined;
      if (at !== undefined && at < codeLines) {
        failures.push({ file: snippet.file, line: snippet.line + at, code: d.code, message: text(d), source: snippet.code.split('\n')[at]!.trim() });
      } else {
        const where = at === undefined ? '' : ` (in the prelude: ${source.text.split('\n')[at]?.trim()})`;
        failures.push({ file: snippet.file, line: snippet.line - 1, code: d.code, message: `${text(d)}${where}` });
      }
    }
  }
  return failures;
}

/** `file:line: error TSxxxx: message` lines, each with the offending code under it. */
function formatFailures(failures: readonly SnippetFailure[]): string {
  return failures.map((f) => `${f.file}:${f.line}: error TS${f.code}: ${f.message}${f.source ? `\n    ${f.source}` : ''}`).join('\n');
}

const markdown = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
].map((file) => ({
  file,
  text: readFileSync(join(root, file), 'utf8'),
}));
const snippets = markdown.flatMap(({ file, text }) => extractSnippets(file, text));

// Broken on purpose, one way each, to prove the check catches what it is meant to; compiled in the same program.
const SELF_TEST = 'self-test.md';
const selfTestMarkdown = [
  '# Self-test', //                                                               1
  '```ts', //                                                                      2
  'const ids: number[] = [1];', //                                                 3
  'const first: number = ids[0];                       // noUncheckedIndexedAccess', // 4
  '```', //                                                                        5
  '```typescript', //                                                              6
  'if (process.argv.length > 99) return;               // top-level return', //    7
  '```', //                                                                        8
  '```ts', //                                                                      9
  'const client = new OvhClient({});                   // missing import', //      10
  '```', //                                                                        11
  '- in a list:', //                                                               12
  '  ```ts', //                                                                    13
  '  const options: { a?: string } = { a: undefined }; // exactOptionalPropertyTypes', // 14
  '  ```', //                                                                      15
  '```ts', //                                                                      16
  "import { OvhClient } from 'ovh-credentials';", //                               17
  "const me = await OvhClient.fromEnvironment().get('/me'); // fine: top-level await in an ES module", // 18
  'const ovh = 1;                                      // declares what the prelude also declares: fine', // 19
  'console.log(me, ovh, fromProse.toFixed());          // fromProse: declared by the prelude', // 20
  '```', //                                                                        21
  '```ts', //                                                                      22
  "assert.ok(true);                                    // node's assert, not imported", // 23
  '```', //                                                                        24
].join('\n');
const selfTestPrelude = [preludes['README.md'], 'declare const fromProse: number;'].join('\n');

describe('docs snippets', () => {
  let failures: SnippetFailure[] = [];
  beforeAll(() => {
    failures = checkSnippets([...snippets, ...extractSnippets(SELF_TEST, selfTestMarkdown)], { ...preludes, [SELF_TEST]: selfTestPrelude });
  }, 120_000); // about 8 s of CPU (parsing the libs, @types/node, src, zod, vitest and msw types); more on a busy machine

  it('finds the ts snippets of README.md and of every docs/*.md that has some', () => {
    const counted = new Map(markdown.map(({ file }) => [file, snippets.filter((s) => s.file === file).length]));
    expect(counted.get('README.md')).toBeGreaterThanOrEqual(8);
    for (const { file, text } of markdown) if (/^\s*```(ts|typescript)\b/m.test(text)) expect(counted.get(file), file).toBeGreaterThan(0);
    expect(snippets.length).toBeGreaterThanOrEqual(50);
    for (const file of Object.keys(preludes)) expect(counted.has(file), `prelude for a file that does not exist: ${file}`).toBe(true);
  });

  it('every snippet typechecks under strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes, as an ES module', () => {
    const broken = failures.filter((f) => f.file !== SELF_TEST);
    if (broken.length > 0) expect.fail(`${broken.length} error(s) in the docs' snippets:\n${formatFailures(broken)}`);
  });

  it('catches a broken snippet, with its file, line and diagnostic (self-test)', () => {
    // 2552 is 2304 with a "Did you mean...?" suggestion.
    const caught = failures.filter((f) => f.file === SELF_TEST).map(({ line, code }) => `${line} TS${code === 2552 ? 2304 : code}`);
    expect(caught).toEqual([
      '4 TS2322', // Type 'number | undefined' is not assignable to type 'number'.
      '7 TS1108', // A 'return' statement can only be used within a function body.
      '10 TS2304', // Cannot find name 'OvhClient'.
      '14 TS2375', // ... with 'exactOptionalPropertyTypes: true' ...
      '23 TS2304', // Cannot find name 'assert'.
    ]);
    const report = formatFailures(failures.filter((f) => f.file === SELF_TEST));
    expect(report).toContain("self-test.md:4: error TS2322: Type 'number | undefined' is not assignable to type 'number'.");
    expect(report).toContain('    const first: number = ids[0];');
    expect(report).toMatch(/^self-test\.md:10: error TS\d+: Cannot find name 'OvhClient'\./m);
  });
});

describe('docs links', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    files: string[];
    repository?: { type: string; url: string };
    homepage?: string;
    bugs?: { url: string } | string;
  };
  /** Whether npm packs `path` (relative to the root) given package.json "files" (npm always packs package.json). */
  const shipped = (path: string): boolean =>
    path === 'package.json' ||
    pkg.files.some((pattern) => {
      if (!pattern.includes('*')) return path === pattern || path.startsWith(`${pattern}/`);
      const regex = new RegExp(
        `^${pattern
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]*')}$`,
      );
      return regex.test(path);
    });

  it('the package ships the guides (docs/*.md, not the generated docs/api) and says where the repository is', () => {
    expect(pkg.files).toContain('docs/*.md');
    for (const { file } of markdown) expect(shipped(file), file).toBe(true);
    expect(shipped('docs/api/index.html')).toBe(false);
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/ovh-credentials/ovh-credentials.git' });
    expect(pkg.homepage).toBe('https://github.com/ovh-credentials/ovh-credentials#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/ovh-credentials/ovh-credentials/issues' });
  });

  it('every relative link of README.md and docs/*.md reaches a file the package ships', () => {
    const dead: string[] = [];
    for (const { file, text } of markdown) {
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target!) || target!.startsWith('#')) continue;
        const path = normalize(join(dirname(file), target!.split('#')[0]!));
        if (!existsSync(join(root, path))) dead.push(`${file}: ${target} (no such file)`);
        else if (!shipped(relative('.', path))) dead.push(`${file}: ${target} (not in the package: add it to "files" or link to GitHub)`);
      }
    }
    expect(dead).toEqual([]);
  });
});
