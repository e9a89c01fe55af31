#!/usr/bin/env bash
# How the Asterisk of bench/RESULTS.md "Voice bursts on a real Asterisk 22" was built: Asterisk
# 22.10.1 from its public source, without pjproject and without anything downloaded by its build
# (jansson, libedit from Debian), no sound packages, only the modules the sample dialplan needs
# plus the defaults, unoptimised (-O0) to build faster on a shared 2-core machine.
#
#   bash bench/voice/asterisk-build.sh /path/to/asterisk-22.10.1-source /path/to/prefix
#
# Debian 12 packages: build-essential libjansson-dev libedit-dev libncurses-dev libxml2-dev
# libsqlite3-dev uuid-dev libssl-dev. The source: tag 22.10.1 of github.com/asterisk/asterisk.
set -euo pipefail
SRC="$1"
PREFIX="$2"
cd "$SRC"
./configure --prefix="$PREFIX" --without-pjproject-bundled --without-pjproject \
  --with-jansson-bundled=no
make menuselect.makeopts
off=()
for m in res/res_ari*.c res/res_stasis*.c res/res_calendar*.c res/res_xmpp.c res/res_fax*.c \
  res/res_srtp.c res/res_config_*.c res/res_phoneprov.c res/res_pjproject.c res/res_prometheus.c \
  res/res_geolocation.c res/res_aeap.c res/res_speech_aeap.c res/res_smdi.c res/res_snmp.c \
  res/res_hep*.c res/res_statsd.c res/res_resolver_unbound.c res/res_odbc*.c res/res_corosync.c \
  res/res_mwi_*.c res/res_parking.c res/res_cliexec.c apps/app_voicemail*.c apps/app_queue.c \
  apps/app_minivm.c apps/app_agent_pool.c apps/app_festival.c apps/app_externalivr.c \
  apps/app_sms.c apps/app_adsiprog.c apps/app_alarmreceiver.c apps/app_followme.c \
  apps/app_directory.c; do
  [ -e "$m" ] && off+=(--disable "$(basename "$m" .c)")
done
menuselect/menuselect \
  --disable-category MENUSELECT_CORE_SOUNDS --disable-category MENUSELECT_MOH \
  --disable-category MENUSELECT_EXTRA_SOUNDS --disable-category MENUSELECT_CHANNELS \
  --disable-category MENUSELECT_CDR --disable-category MENUSELECT_CEL \
  --disable-category MENUSELECT_TESTS --disable-category MENUSELECT_UTILS \
  --disable-category MENUSELECT_ADDONS "${off[@]}" \
  --enable chan_bridge_media --enable DONT_OPTIMIZE menuselect.makeopts
make -j2
make install
# asterisk.conf ([directories] under the prefix), modules.conf (autoload = yes) and logger.conf
# (messages.log => notice,warning,error,verbose) go into $PREFIX/etc/asterisk; the rest is the
# telephony adapter's sample configuration, which bench/voice/real-asterisk.sh copies in.
mkdir -p "$PREFIX/etc/asterisk"
cat > "$PREFIX/etc/asterisk/asterisk.conf" <<CONF
[directories](!)
astetcdir => $PREFIX/etc/asterisk
astmoddir => $PREFIX/lib/asterisk/modules
astvarlibdir => $PREFIX/var/lib/asterisk
astdbdir => $PREFIX/var/lib/asterisk
astkeydir => $PREFIX/var/lib/asterisk
astdatadir => $PREFIX/var/lib/asterisk
astagidir => $PREFIX/var/lib/asterisk/agi-bin
astspooldir => $PREFIX/var/spool/asterisk
astrundir => $PREFIX/var/run/asterisk
astlogdir => $PREFIX/var/log/asterisk
astsbindir => $PREFIX/sbin

[options]
verbose = 1
maxcalls = 1000
CONF
printf '[modules]\nautoload = yes\n' > "$PREFIX/etc/asterisk/modules.conf"
printf '[general]\n[logfiles]\nconsole => notice,warning,error\nmessages.log => notice,warning,error,verbose\n' \
  > "$PREFIX/etc/asterisk/logger.conf"
