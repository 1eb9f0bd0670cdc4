require 'fileutils'
require 'open3'
require 'shellwords'

module MCollective
  module Agent
    # Runs rsync without a shell: options are split into words, sources and destinations are
    # passed as separate arguments, so no value can inject a command.
    class Puppetsync < RPC::Agent
      action 'rsync' do
        pairs = [
          [request[:modules_source], request[:modules_path] || '/etc/puppet/modules'],
          [request[:manifests_source], request[:manifests_path] || '/etc/puppet/manifests']
        ].reject { |source, _| source.nil? || source.empty? }
        reply.fail!('Nothing to sync: give modules_source or manifests_source') if pairs.empty?
        options = Shellwords.split(request[:rsync_options] || '-c -r --delete')
        pairs.each { |source, dest| sync(options, source, dest) }
        reply[:msg] = pairs.map { |source, dest| "#{source} -> #{dest}" }.join(', ')
      end

      private

      def sync(options, source, dest)
        FileUtils.mkdir_p(dest)
        _out, err, status = Open3.capture3('rsync', *options, source, dest)
        return if status.success?

        reply.fail!("rsync #{source} to #{dest} failed (exit #{status.exitstatus}): #{err.strip}")
      rescue SystemCallError => e
        reply.fail!("rsync #{source} to #{dest} failed: #{e.message}")
      end
    end
  end
end
