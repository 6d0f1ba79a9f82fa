// The rehearsal's stand-in for Talos: a busybox initramfs built here, at run time, around Debian's static busybox and
// the cloud kernel's virtio modules (scripts/test-tools/40-boot-payload.sh). Its /init brings the NIC up with DHCP,
// fetches the machine config named by `talos.config=` exactly as Talos would, and phones home with its MAC, the
// kernel command line it booted with and the config's digest, then powers off. Before reporting it pulls a seed
// image through the registry caches (seed-image.ts), as a Talos node pulls its images through them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CpioEntry, cpioNewc } from "./cpio.ts";

export interface PayloadInputs {
  /** Static busybox binary (Debian's busybox-static: /usr/bin/busybox). */
  readonly busybox: string;
  /** Directory with `<module>.ko` files and an ORDER file listing them in load order. */
  readonly modulesDir: string;
  /** Where /init POSTs its report, e.g. http://10.213.7.2:8099/phone-home. */
  readonly phoneHomeUrl: string;
  /** Registry GETs /init makes before reporting (an image pulled through the caches), with their Accept header. */
  readonly pulls?: readonly { readonly url: string; readonly accept: string }[];
}

/** Marker the payload prints on the serial console after its report was accepted. */
export const PHONED_HOME = "moonlab-payload: phoned home";

// udhcpc calls this with $interface, $ip, $mask/$subnet, $router, $dns; busybox has no default script in an initramfs.
const UDHCPC_SCRIPT = `#!/bin/sh
case "$1" in
  deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip -4 addr add "$ip/\${mask:-24}" dev "$interface"
    [ -n "$router" ] && ip -4 route replace default via "\${router%% *}" dev "$interface"
    echo "$ip" > /run/dhcp-ip
    echo "\${serverid:-}" > /run/dhcp-server
    ;;
esac
exit 0
`;

// The report is one `key=value` per line; the kernel command line is the last key and runs to the end of the body.
const INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /run /tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "moonlab-payload: started"
for m in $(cat /lib/modules/ORDER); do
  [ -f "/lib/modules/$m.ko" ] && insmod "/lib/modules/$m.ko" 2>/dev/null
done
ip link set lo up
iface=""
for i in 1 2 3 4 5 6 7 8 9 10; do
  for d in /sys/class/net/*; do n=$(basename "$d"); [ "$n" != lo ] && iface="$n" && break; done
  [ -n "$iface" ] && break
  sleep 1
done
[ -n "$iface" ] || { echo "moonlab-payload: no network interface"; poweroff -f; }
ip link set "$iface" up
mac=$(cat "/sys/class/net/$iface/address")
echo "moonlab-payload: $iface $mac"
udhcpc -i "$iface" -s /etc/udhcpc.script -q -f -n -t 10 -T 2 || { echo "moonlab-payload: no DHCP lease"; poweroff -f; }
cmdline=$(cat /proc/cmdline)
cfgurl=""
for w in $cmdline; do case "$w" in talos.config=*) cfgurl="\${w#talos.config=}" ;; esac; done
cfgsha=""; cfgbytes=""
if [ -n "$cfgurl" ] && wget -q -O /tmp/config "$cfgurl"; then
  cfgsha=$(sha256sum /tmp/config | cut -d' ' -f1)
  cfgbytes=$(wc -c < /tmp/config)
fi
pulled=0; pulls=0
while read -r accept url; do
  [ -n "$url" ] || continue
  pulls=$((pulls + 1))
  wget -q -O /dev/null --header "Accept: $accept" "$url" && pulled=$((pulled + 1))
done < /etc/pulls
{
  echo "mac=$mac"
  echo "pulls=$pulled/$pulls"
  echo "ip=$(cat /run/dhcp-ip)"
  echo "dhcp_server=$(cat /run/dhcp-server)"
  echo "config_url=$cfgurl"
  echo "config_sha256=$cfgsha"
  echo "config_bytes=$cfgbytes"
  echo "cmdline=$cmdline"
} > /tmp/report
url=$(cat /etc/phone-home-url)
for i in 1 2 3 4 5; do
  if wget -q -O /dev/null --post-file=/tmp/report "$url"; then echo "${PHONED_HOME}"; break; fi
  sleep 1
done
poweroff -f
`;

/** The initramfs (newc cpio, uncompressed: the kernel detects the format by magic, whatever the file is named). */
export function buildPayloadInitramfs(inputs: PayloadInputs): Buffer {
  const order = readFileSync(join(inputs.modulesDir, "ORDER"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const present = new Set(readdirSync(inputs.modulesDir));
  const modules: CpioEntry[] = order
    .filter((m) => present.has(`${m}.ko`))
    .map((m) => ({
      type: "file",
      path: `lib/modules/${m}.ko`,
      data: readFileSync(join(inputs.modulesDir, `${m}.ko`)),
    }));
  if (!existsSync(inputs.busybox)) throw new Error(`busybox not found at ${inputs.busybox}`);
  return cpioNewc([
    { type: "dir", path: "bin" },
    { type: "dir", path: "dev" },
    { type: "char", path: "dev/console", major: 5, minor: 1 },
    { type: "char", path: "dev/null", major: 1, minor: 3, mode: 0o666 },
    { type: "dir", path: "etc" },
    { type: "dir", path: "lib" },
    { type: "dir", path: "lib/modules" },
    { type: "dir", path: "proc" },
    { type: "dir", path: "run" },
    { type: "dir", path: "sys" },
    { type: "dir", path: "tmp", mode: 0o1777 },
    { type: "file", path: "bin/busybox", data: readFileSync(inputs.busybox), mode: 0o755 },
    { type: "file", path: "etc/udhcpc.script", data: UDHCPC_SCRIPT, mode: 0o755 },
    { type: "file", path: "etc/phone-home-url", data: `${inputs.phoneHomeUrl}\n` },
    { type: "file", path: "etc/pulls", data: (inputs.pulls ?? []).map((p) => `${p.accept} ${p.url}\n`).join("") },
    { type: "file", path: "lib/modules/ORDER", data: `${order.join("\n")}\n` },
    ...modules,
    { type: "file", path: "init", data: INIT, mode: 0o755 },
  ]);
}

export interface PhoneHomeReport {
  readonly mac: string;
  readonly ip: string;
  readonly dhcpServer: string;
  readonly configUrl: string;
  readonly configSha256: string;
  readonly configBytes: number | undefined;
  /** Registry GETs that succeeded / were made, e.g. "18/18". */
  readonly pulls: string;
  readonly cmdline: string;
}

/** Parses the payload's report body (key=value lines; `cmdline` last, taken whole). */
export function parseReport(body: string): PhoneHomeReport {
  const fields = new Map<string, string>();
  for (const line of body.split("\n")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (key === "cmdline") {
      fields.set(key, body.slice(body.indexOf("cmdline=") + "cmdline=".length).trim());
      break;
    }
    fields.set(key, line.slice(eq + 1).trim());
  }
  const bytes = fields.get("config_bytes");
  return {
    mac: (fields.get("mac") ?? "").toLowerCase(),
    ip: fields.get("ip") ?? "",
    dhcpServer: fields.get("dhcp_server") ?? "",
    configUrl: fields.get("config_url") ?? "",
    configSha256: fields.get("config_sha256") ?? "",
    configBytes: bytes === undefined || bytes === "" ? undefined : Number(bytes),
    pulls: fields.get("pulls") ?? "",
    cmdline: fields.get("cmdline") ?? "",
  };
}
