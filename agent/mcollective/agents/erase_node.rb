require 'fileutils'

module MCollective
  module Agent
    # Makes a node boot from the network again: zeroes the first and last MiB of every local disk
    # (MBR, GPT header and its backup copy), writes the nodiscover marker and reboots.
    #
    # Both destructive steps are off unless the server config turns them on:
    # `plugin.erase_node.allow_erase` and `plugin.erase_node.allow_reboot` (default false).
    # `plugin.erase_node.root` prefixes every path the agent touches (/sys/block, /dev, the
    # marker), so a test can point it at a scratch tree of fake disks.
    class Erase_node < RPC::Agent
      WIPE_BYTES = 1024 * 1024
      DISK_NAME = /\A((sd|hd|vd|xvd)[a-z]+|nvme\d+n\d+)\z/.freeze
      REBOOT = 'sleep 5; echo 1 > /proc/sys/kernel/sysrq; echo b > /proc/sysrq-trigger'.freeze

      def startup_hook
        conf = @config.pluginconf
        @root = conf.fetch('erase_node.root', '/')
        @allow_erase = conf.fetch('erase_node.allow_erase', 'false') == 'true'
        @allow_reboot = conf.fetch('erase_node.allow_reboot', 'false') == 'true'
      end

      action 'erase_node' do
        reboot = request[:reboot].nil? ? true : request[:reboot]
        dry_run = request[:dry_run] || false
        disks = local_disks
        reply[:devices] = disks.map { |disk| disk[:device] }
        reply[:nodiscover] = nodiscover_path
        unless dry_run
          refuse_unless_allowed(reboot)
          disks.each { |disk| wipe(disk) }
          write_nodiscover
          schedule_reboot if reboot
        end
        reply[:erased] = !dry_run
        reply[:rebooted] = !dry_run && reboot
      end

      action 'reboot_node' do
        reply.fail!('Reboot is disabled by plugin.erase_node.allow_reboot') unless @allow_reboot
        schedule_reboot
        reply[:rebooted] = true
      end

      private

      def under_root(path)
        File.join(@root, path)
      end

      def nodiscover_path
        under_root('/etc/nailgun-agent/nodiscover')
      end

      def refuse_unless_allowed(reboot)
        reply.fail!('Erase is disabled by plugin.erase_node.allow_erase') unless @allow_erase
        return unless reboot && !@allow_reboot

        reply.fail!('Reboot is disabled by plugin.erase_node.allow_reboot')
      end

      def local_disks
        sys_block = under_root('/sys/block')
        return [] unless File.directory?(sys_block)

        Dir.children(sys_block).sort.filter_map do |name|
          next unless DISK_NAME.match?(name)
          next if read_flag(File.join(sys_block, name, 'removable'))

          sectors = File.read(File.join(sys_block, name, 'size')).to_i
          { device: under_root("/dev/#{name}"), bytes: sectors * 512 }
        end
      end

      def read_flag(path)
        File.exist?(path) && File.read(path).strip == '1'
      end

      def wipe(disk)
        zeros = "\0" * WIPE_BYTES
        File.open(disk[:device], 'r+b') do |dev|
          dev.pwrite(zeros, 0)
          dev.pwrite(zeros, disk[:bytes] - WIPE_BYTES) if disk[:bytes] > 2 * WIPE_BYTES
          dev.fsync
        end
      rescue SystemCallError => e
        reply.fail!("Cannot erase #{disk[:device]}: #{e.message}")
      end

      def write_nodiscover
        FileUtils.mkdir_p(File.dirname(nodiscover_path))
        File.write(nodiscover_path, "erased at #{Time.now.utc}\n")
      end

      # Detached with a delay so the reply leaves the node before the kernel goes down.
      def schedule_reboot
        pid = Process.spawn('/bin/sh', '-c', REBOOT, pgroup: true, in: File::NULL,
                            out: File::NULL, err: File::NULL)
        Process.detach(pid)
      end
    end
  end
end
