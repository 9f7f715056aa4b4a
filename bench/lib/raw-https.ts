// The bare baseline of figures 1 and 1b: one keep-alive `https.request` and `JSON.parse`, nothing else.
import https from 'node:https';

/** GETs `url` with `headers` on `agent` and parses the JSON answer; anything but a 200 rejects. */
export function rawHttpsGet(url: string, agent: https.Agent, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { agent, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        response.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`raw https: HTTP ${response.statusCode}`)),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}
