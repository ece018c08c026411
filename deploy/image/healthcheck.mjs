// HEALTHCHECK of the attio-auth image, without curl: healthy when /healthz answers 200 on the callback
// service's PORT (default 3000) or on the scheduled checker's HEALTH_PORT (default 9464), on loopback.
// One-shot CLIs (attio-verify, attio-auth, attio-token-health --once) exit before a health check matters.
const ports = [process.env.PORT || '3000', process.env.HEALTH_PORT || '9464'];
const timeoutMs = 2000;

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

const results = await Promise.all(ports.map(healthy));
if (!results.includes(true)) {
  process.stderr.write(`unhealthy: no 200 from /healthz on 127.0.0.1 port ${ports.join(' or ')}\n`);
  process.exitCode = 1;
}
