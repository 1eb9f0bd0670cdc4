require 'fileutils'
require 'json'
require 'yaml'

module MCollective
  module Agent
    # Runs `puppet apply` once, detached, and answers Astute's polling about it.
    #
    # State lives in files under `plugin.puppetd.statedir` so it survives a daemon restart:
    # run.pid (wrapper shell), run.exit (written when apply ends), run.json (Puppet's JSON log,
    # streamed while the run proceeds), last_run_summary.yaml, last_run_report.yaml, run.out
    # (console), disabled (runs refused while present), run.lock (serialises runonce).
    #
    # Status vocabulary: running (apply alive), stopped (the last run ended or was stopped),
    # idling (no run since the state directory was made), disabled (runs refused).
    class Puppetd < RPC::Agent
      FILES = {
        pid: 'run.pid', exit: 'run.exit', log: 'run.json', out: 'run.out',
        summary: 'last_run_summary.yaml', report: 'last_run_report.yaml',
        disabled: 'disabled', lock: 'run.lock'
      }.freeze
      # The shell records apply's exit code; the file appearing is the signal that the run ended.
      WRAPPER = '"$@"; echo $? > "$PUPPET_EXIT_FILE.tmp"; ' \
                'mv "$PUPPET_EXIT_FILE.tmp" "$PUPPET_EXIT_FILE"'.freeze
      MARKER = 'fuel-puppet-run'.freeze
      STARTING = /\(\d+ of (\d+)\)\z/.freeze
      ERROR_LEVELS = %w[err alert emerg crit].freeze
      SUMMARY_KEYS = %w[resources time changes events version].freeze

      def startup_hook
        conf = @config.pluginconf
        @dir = conf.fetch('puppetd.statedir', '/var/lib/fuel-mcollective/puppetd')
        @puppet = conf.fetch('puppetd.puppet', 'puppet')
        @vardir = conf['puppetd.vardir']
      end

      action 'runonce' do
        manifest = request[:manifest] || '/etc/puppet/manifests/site.pp'
        cwd = request[:cwd] || '/'
        reply.fail!("Manifest #{manifest} does not exist") unless File.file?(manifest)
        reply.fail!("Working directory #{cwd} does not exist") unless File.directory?(cwd)
        with_lock do
          reply.fail!("Puppet is disabled: #{File.read(path(:disabled)).strip}") if disabled?
          reply.fail!("Puppet is already running (pid #{run_pid})") if running?
          pid = start_run(manifest, cwd)
          reply[:status] = 'running'
          reply[:output] = "Started puppet apply #{manifest} (pid #{pid})"
        end
      end

      action 'last_run_summary' do
        summary = read_summary
        entries = log_entries
        reply[:status] = current_status
        SUMMARY_KEYS.each { |key| reply[key.to_sym] = summary.fetch(key, {}) }
        reply[:progress] = progress(entries)
        reply[:error_messages] = error_messages(entries)
        reply[:exit_code] = exit_code
      end

      action 'status' do
        status = current_status
        reply[:status] = status
        reply[:enabled] = disabled? ? 0 : 1
        %w[running idling stopped].each { |word| reply[word.to_sym] = status == word ? 1 : 0 }
        reply[:lastrun] = read_summary.fetch('time', {}).fetch('last_run', 0)
        reply[:output] = "Currently #{status}"
      end

      action 'stop_and_disable' do
        with_lock do
          stopped = stop_run
          File.write(path(:disabled), "disabled by stop_and_disable at #{Time.now.utc}\n")
          reply[:status] = current_status
          reply[:output] = stopped ? 'Stopped the run and disabled puppet' : 'Disabled puppet'
        end
      end

      action 'enable' do
        FileUtils.rm_f(path(:disabled))
        reply[:status] = current_status
        reply[:output] = 'Enabled puppet'
      end

      action 'disable' do
        FileUtils.mkdir_p(@dir)
        File.write(path(:disabled), "disabled by request at #{Time.now.utc}\n")
        reply[:status] = current_status
        reply[:output] = 'Disabled puppet'
      end

      private

      def path(key)
        File.join(@dir, FILES.fetch(key))
      end

      def with_lock
        FileUtils.mkdir_p(@dir)
        File.open(path(:lock), File::RDWR | File::CREAT, 0o600) do |lock|
          lock.flock(File::LOCK_EX)
          yield
        end
      end

      def start_run(manifest, cwd)
        %i[pid exit log out summary report].each { |key| FileUtils.rm_f(path(key)) }
        env = { 'PUPPET_EXIT_FILE' => path(:exit) }
        pid = Process.spawn(env, '/bin/sh', '-c', WRAPPER, MARKER, *puppet_command(manifest),
                            chdir: cwd, pgroup: true, in: File::NULL,
                            out: path(:out), err: [:child, :out])
        Process.detach(pid)
        File.write(path(:pid), "#{pid}\n")
        pid
      end

      def puppet_command(manifest)
        command = [@puppet, 'apply', manifest,
                   '--modulepath', request[:modules] || '/etc/puppet/modules',
                   '--logdest', path(:log), '--lastrunfile', path(:summary),
                   '--lastrunreport', path(:report), '--detailed-exitcodes',
                   # evaltrace + verbose log "(N of TOTAL)" per resource: the progress source.
                   '--evaltrace', '--verbose', '--color', 'false']
        command += ['--vardir', @vardir] if @vardir
        command << '--debug' if request[:puppet_debug]
        command
      end

      def stop_run
        return false unless running?

        pid = run_pid
        signal_group('TERM', pid)
        50.times do
          break unless running?

          sleep 0.1
        end
        signal_group('KILL', pid) if running?
        true
      end

      def signal_group(signal, pid)
        Process.kill(signal, -pid)
      rescue Errno::ESRCH
        nil
      end

      def run_pid
        Integer(File.read(path(:pid)).strip)
      rescue SystemCallError, ArgumentError
        nil
      end

      def running?
        pid = run_pid
        return false if pid.nil? || File.exist?(path(:exit))

        # A recycled pid would not carry the wrapper's marker in its command line.
        File.read("/proc/#{pid}/cmdline").split("\0").include?(MARKER)
      rescue SystemCallError
        false
      end

      def disabled?
        File.exist?(path(:disabled))
      end

      def current_status
        return 'running' if running?
        return 'disabled' if disabled?

        File.exist?(path(:pid)) ? 'stopped' : 'idling'
      end

      def exit_code
        Integer(File.read(path(:exit)).strip)
      rescue SystemCallError, ArgumentError
        nil
      end

      def read_summary
        YAML.safe_load(File.read(path(:summary))) || {}
      rescue SystemCallError, Psych::Exception
        {}
      end

      # Puppet writes one JSON object per line between "[" and "," lines; a line being written
      # may be cut, so each line is parsed alone and broken ones are skipped.
      def log_entries
        return [] unless File.exist?(path(:log))

        File.foreach(path(:log)).filter_map do |line|
          next unless line.start_with?('{')

          begin
            JSON.parse(line)
          rescue JSON::ParserError
            nil
          end
        end
      end

      def progress(entries)
        total = 0
        done = 0
        entries.each do |entry|
          message = entry['message'].to_s
          match = STARTING.match(message)
          total = match[1].to_i if match
          done += 1 if message.start_with?('Evaluated in ')
        end
        { 'done' => done, 'total' => total, 'percent' => percent(done, total) }
      end

      def percent(done, total)
        return 100 if File.exist?(path(:exit))
        return 0 unless total.positive?

        [done * 100 / total, 99].min
      end

      def error_messages(entries)
        errors = entries.select do |entry|
          ERROR_LEVELS.include?(entry['level']) && entry['source'] != 'Facter'
        end
        on_resources, others = errors.partition { |entry| entry['source'].to_s.start_with?('/') }
        on_resources.map { |entry| "#{entry['source']}: #{entry['message']}" }
                    .concat(others.map { |entry| entry['message'].to_s })
                    .first(20)
      end
    end
  end
end
