# shellcheck shell=bash
# Starts a private Azurite on free loopback ports and exports its connection string.
# The account key is random per start, so no storage key ever lives in the repository.

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# start_azurite DATA_DIR LOG_FILE: sets AZURITE_PID and AZURITE_CONNECTION_STRING.
start_azurite() {
  local data="$1" log="$2" account="cloudrispacs" key blob queue table i
  mkdir -p "$data"
  key=$(head -c 64 /dev/urandom | base64 -w0)
  blob=$(free_port); queue=$(free_port); table=$(free_port)
  AZURITE_ACCOUNTS="$account:$key" "$CLOUDRISPACS_ROOT/tools/azurite/node_modules/.bin/azurite" \
    --location "$data" \
    --blobHost 127.0.0.1 --blobPort "$blob" \
    --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" \
    --skipApiVersionCheck --disableProductStyleUrl --disableTelemetry >"$log" 2>&1 &
  AZURITE_PID=$!
  for i in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$queue") 2>/dev/null \
       && (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null; then
      break
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "error: Azurite exited during start-up; its log:" >&2; cat "$log" >&2; return 1
    fi
    sleep 0.2
  done
  [ "$i" -lt 150 ] || { echo "error: Azurite did not open its ports within 30 s; log: $log" >&2; return 1; }
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/$account;QueueEndpoint=http://127.0.0.1:$queue/$account;TableEndpoint=http://127.0.0.1:$table/$account;"
  export AZURITE_PID AZURITE_CONNECTION_STRING
}

stop_azurite() {
  if [ -n "${AZURITE_PID:-}" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=
}
