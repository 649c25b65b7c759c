#!/usr/bin/env bash
# Makes a throw-away PKI for trying remote readers out and for tests: a CA, a farm (server) certificate and client
# certificates, all PEM, all EC P-256. Needs nothing but bash and openssl (1.1.1 or 3.x). Not for production use.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: make-test-pki.sh DIR [--farm-name NAME]... [--client NAME]... [--expired-client NAME]...
                            [--ca-only] [--ca-days N] [--days N] [--help]

Makes a throw-away test PKI in DIR (created if missing), all PEM, EC P-256 keys, private keys as
unencrypted PKCS#8 ("BEGIN PRIVATE KEY") with mode 0600:

  DIR/ca.pem, DIR/ca.key                   the CA (10 years); an existing pair in DIR is reused, so a
                                           second run issues more certificates from the same CA and
                                           another DIR gives an unrelated CA
  DIR/farm.pem, DIR/farm.key               the farm's server certificate: SAN DNS:localhost, IP:127.0.0.1
                                           and each --farm-name; extendedKeyUsage serverAuth
  DIR/client-NAME.pem, DIR/client-NAME.key a client certificate per --client NAME: CN=NAME, SAN DNS:NAME;
                                           extendedKeyUsage clientAuth

Options:
  --farm-name NAME       one more DNS name or IP address for the farm certificate (repeatable)
  --client NAME          issue a client certificate for NAME (repeatable; letters, digits, . _ -)
  --expired-client NAME  issue a client certificate for NAME whose validity ended yesterday (repeatable)
  --ca-only              only make the CA (or keep the existing one); issue nothing else
  --ca-days N            validity of a new CA in days (default 3650)
  --days N               validity of issued certificates in days (default 365)
  --help                 this text

Certificates are issued afresh on every run (the CA is kept), so a run always leaves what its options
ask for. Configuration: tls.certificate takes a *.pem certificate, tls.key the matching *.key and tls.ca
the CA's ca.pem (a hint at the end says which file goes where).
EOF
}

die() {
    echo "make-test-pki.sh: $*" >&2
    exit 2
}

dir=""
ca_only=false
ca_days=3650
days=365
farm_names=()
clients=()
expired_clients=()

need_value() {
    [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value (see --help)"
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --help | -h) usage; exit 0 ;;
        --farm-name) need_value "$@"; farm_names+=("$2"); shift 2 ;;
        --client) need_value "$@"; clients+=("$2"); shift 2 ;;
        --expired-client) need_value "$@"; expired_clients+=("$2"); shift 2 ;;
        --ca-only) ca_only=true; shift ;;
        --ca-days) need_value "$@"; ca_days="$2"; shift 2 ;;
        --days) need_value "$@"; days="$2"; shift 2 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [[ -z "$dir" ]] || die "only one DIR, got '$dir' and '$1'"; dir="$1"; shift ;;
    esac
done

[[ -n "$dir" ]] || { usage >&2; exit 2; }
[[ "$ca_days" =~ ^[1-9][0-9]*$ ]] || die "--ca-days wants a positive number, got '$ca_days'"
[[ "$days" =~ ^[1-9][0-9]*$ ]] || die "--days wants a positive number, got '$days'"
for name in ${clients[@]+"${clients[@]}"} ${expired_clients[@]+"${expired_clients[@]}"}; do
    [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "client name '$name': only letters, digits, . _ - allowed"
done
san_farm="DNS:localhost,IP:127.0.0.1"
for name in ${farm_names[@]+"${farm_names[@]}"}; do
    if [[ "$name" =~ ^[0-9]+(\.[0-9]+){3}$ || "$name" == *:* ]]; then
        [[ "$name" =~ ^[0-9A-Fa-f.:]+$ ]] || die "farm name '$name' is not an IP address"
        san_farm+=",IP:$name"
    else
        [[ "$name" =~ ^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]] || die "farm name '$name' is not a DNS name"
        san_farm+=",DNS:$name"
    fi
done

command -v openssl >/dev/null || die "openssl not found"
mkdir -p "$dir"
umask 077
work="$(mktemp -d "${TMPDIR:-/tmp}/make-test-pki.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# a date N days from now (negative: in the past) as openssl ca wants it; GNU date, else BSD date
openssl_date() {
    date -u -d "$1 days" +%Y%m%d%H%M%SZ 2>/dev/null || date -u -v"$1"d +%Y%m%d%H%M%SZ
}

# One configuration for everything: req without prompts, the CA's extensions, and "openssl ca" (used for every
# issued certificate because it alone can set a validity in the past on openssl 3.0-3.3).
mkdir -p "$work/issued"
: >"$work/index.txt"
echo 01 >"$work/serial"
cat >"$work/openssl.cnf" <<EOF
[ req ]
distinguished_name = dn
prompt             = no
[ dn ]
CN = unused
[ ext_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
[ ca ]
default_ca = test_ca
[ test_ca ]
database         = $work/index.txt
new_certs_dir    = $work/issued
serial           = $work/serial
default_md       = sha256
policy           = any_name
unique_subject   = no
email_in_dn      = no
copy_extensions  = none
[ any_name ]
commonName = supplied
EOF

# writes a file atomically (readers never see half of it) and says so
install_file() { # tmp target mode
    chmod "$3" "$1"
    mv -f "$1" "$2"
    echo "wrote $2"
}

new_key() { # file
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# issue NAME BASE USAGE SAN validity-args...: DIR/BASE.pem and DIR/BASE.key for subject CN=NAME
issue() {
    local name="$1" base="$2" usage="$3" san="$4"
    shift 4
    cat >"$work/$base.ext" <<EOF
[ ext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = $usage
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = $san
EOF
    new_key "$work/$base.key"
    openssl req -new -config "$work/openssl.cnf" -key "$work/$base.key" -subj "/CN=$name" -out "$work/$base.csr"
    openssl ca -batch -notext -rand_serial -config "$work/openssl.cnf" \
        -cert "$dir/ca.pem" -keyfile "$dir/ca.key" -extfile "$work/$base.ext" -extensions ext "$@" \
        -in "$work/$base.csr" -out "$work/$base.pem" 2>"$work/ca.log" \
        || { cat "$work/ca.log" >&2; die "openssl ca failed for $base"; }
    install_file "$work/$base.key" "$dir/$base.key" 600
    install_file "$work/$base.pem" "$dir/$base.pem" 644
}

if [[ -f "$dir/ca.pem" && -f "$dir/ca.key" ]]; then
    echo "reusing CA $dir/ca.pem"
elif [[ -e "$dir/ca.pem" || -e "$dir/ca.key" ]]; then
    die "$dir has only one of ca.pem and ca.key; remove it or use another DIR"
else
    new_key "$work/ca.key"
    openssl req -x509 -new -config "$work/openssl.cnf" -extensions ext_ca -key "$work/ca.key" \
        -subj "/CN=cardmanage test CA $(openssl rand -hex 4)" -days "$ca_days" -sha256 -out "$work/ca.pem"
    install_file "$work/ca.key" "$dir/ca.key" 600
    install_file "$work/ca.pem" "$dir/ca.pem" 644
fi

if ! $ca_only; then
    issue localhost farm serverAuth "$san_farm" -days "$days"
    for name in ${clients[@]+"${clients[@]}"}; do
        issue "$name" "client-$name" clientAuth "DNS:$name" -days "$days"
    done
    if [[ ${#expired_clients[@]} -gt 0 ]]; then
        start="$(openssl_date -30)"
        end="$(openssl_date -1)"
        for name in "${expired_clients[@]}"; do
            issue "$name" "client-$name" clientAuth "DNS:$name" -startdate "$start" -enddate "$end"
        done
    fi
fi

# which configuration key takes which file
hint() { # who base
    echo "hint: $1: tls.certificate = $dir/$2.pem, tls.key = $dir/$2.key, tls.ca = $dir/ca.pem"
}
if $ca_only; then
    echo "hint: tls.ca = $dir/ca.pem on farms and clients"
else
    hint farm farm
    for name in ${clients[@]+"${clients[@]}"} ${expired_clients[@]+"${expired_clients[@]}"}; do
        hint "client $name" "client-$name"
    done
fi
