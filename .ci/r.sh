#!/usr/bin/env bash
# R for the test that runs docs/data.md's R lines on the files a run writes (Debian's
# r-base-core and r-cran-jsonlite; Debian 12 packages no Arrow for R). Without root or
# apt-get it says so and installs nothing; in CI that test then fails, naming what is missing.
set -euo pipefail
if Rscript -e 'library(jsonlite)' >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "R with jsonlite is not installed, and installing it needs root and apt-get"
    exit 0
fi
echo "installing r-base-core and r-cran-jsonlite"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends r-base-core r-cran-jsonlite >/dev/null
