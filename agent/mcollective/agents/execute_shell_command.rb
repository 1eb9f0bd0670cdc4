require 'open3'

module MCollective
  module Agent
    # Runs a command in its own process group so a timeout kills the whole pipeline it started.
    # A non-zero exit code is a successful call: the caller judges the command's result.
    class Execute_shell_command < RPC::Agent
      action 'execute' do
        cwd = request[:cwd] || '/'
        reply.fail!("Working directory #{cwd} does not exist") unless File.directory?(cwd)
        timeout = request[:timeout].to_i.positive? ? request[:timeout] : nil
        stdout, stderr, status, timed_out = run_command(request[:cmd], cwd, timeout)
        reply[:stdout] = stdout
        reply[:stderr] = stderr
        reply[:exit_code] = status.exitstatus || 128 + status.termsig.to_i
        reply.fail!("Command timed out after #{timeout} s") if timed_out
      end

      private

      def run_command(cmd, cwd, timeout)
        Open3.popen3('/bin/sh', '-c', cmd, chdir: cwd, pgroup: true) do |stdin, out, err, waiter|
          stdin.close
          readers = [out, err].map { |io| Thread.new { io.read } }
          timed_out = waiter.join(timeout).nil?
          kill_group(waiter.pid) if timed_out
          [readers[0].value, readers[1].value, waiter.value, timed_out]
        end
      end

      def kill_group(pid)
        Process.kill('KILL', -pid)
      rescue Errno::ESRCH
        nil
      end
    end
  end
end
