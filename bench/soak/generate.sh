#!/usr/bin/env bash
# Inputs of bench/soak.sh: the zone NSD serves and the dnsperf query files.
#
#   generate.sh zone FILE HOT BIG             soak.test: HOT names hotNNNNNN (TTL 300), BIG names
#                                            bigNNNNNN (TTL 3600), SOA minimum 600 (NXDOMAIN)
#   generate.sh mix FILE COUNT HOT            COUNT queries for the measured shoald, in tens: 6 hits
#                                            on the hot names, 2 new big names, 2 new names that
#                                            do not exist (each big and missing name asked once)
#   generate.sh lagging FILE COUNT HOT STEP   COUNT queries for a group member without upstream:
#                                            half hot names, half big names STEP apart from 1 on
#                                            (names the measured shoald resolved earlier)
set -euo pipefail

zone() {
    local file=$1 hot=$2 big=$3
    {
        printf '$ORIGIN soak.test.\n$TTL 300\n'
        printf '@ 300 IN SOA ns.soak.test. hostmaster.soak.test. 1 3600 600 86400 600\n'
        printf '@ 300 IN NS ns\nns 300 IN A 192.0.2.53\n'
        awk -v hot="$hot" -v big="$big" 'BEGIN {
            for (i = 1; i <= hot; i++)
                printf "hot%06d 300 IN A 192.0.2.%d\n", i, i % 250 + 1
            for (i = 1; i <= big; i++)
                printf "big%06d 3600 IN A 198.51.100.%d\n", i, i % 250 + 1
        }'
    } >"$file"
}

mix() {
    awk -v count="$2" -v hot="$3" 'BEGIN {
        srand(1)
        for (q = 0; q < count; q++) {
            slot = q % 10
            if (slot < 6)
                printf "hot%06d.soak.test A\n", int(rand() * hot) + 1
            else if (slot < 8)
                printf "big%06d.soak.test A\n", ++big
            else
                printf "nx%08d.soak.test A\n", ++missing
        }
    }' >"$1"
}

lagging() {
    awk -v count="$2" -v hot="$3" -v step="$4" 'BEGIN {
        srand(2)
        for (q = 0; q < count; q++) {
            if (q % 2 == 0)
                printf "hot%06d.soak.test A\n", int(rand() * hot) + 1
            else
                printf "big%06d.soak.test A\n", 1 + step * int(q / 2)
        }
    }' >"$1"
}

case ${1:-} in
    zone) zone "$2" "$3" "$4" ;;
    mix) mix "$2" "$3" "$4" ;;
    lagging) lagging "$2" "$3" "$4" "$5" ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
