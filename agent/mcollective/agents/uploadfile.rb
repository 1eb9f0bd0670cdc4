require 'fileutils'
require 'securerandom'

module MCollective
  module Agent
    # Writes a file atomically (temporary file + rename) so a reader never sees half a file.
    class Uploadfile < RPC::Agent
      action 'upload' do
        path = request[:path]
        reply.fail!("File #{path} already exists") if File.exist?(path) && !flag(:overwrite, false)
        begin
          ensure_parents(File.dirname(path))
          write_atomically(path, request[:content])
        rescue ArgumentError, SystemCallError => e
          reply.fail!("Cannot write #{path}: #{e.message}")
        end
        reply[:msg] = "Wrote #{request[:content].bytesize} bytes to #{path}"
      end

      private

      def flag(key, default)
        request[key].nil? ? default : request[key]
      end

      def mode(key, default)
        Integer(request[key] || default, 8)
      end

      def ensure_parents(dir)
        return if File.directory?(dir)

        reply.fail!("Directory #{dir} does not exist") unless flag(:parents, true)
        missing = []
        until File.directory?(dir)
          missing.unshift(dir)
          dir = File.dirname(dir)
        end
        missing.each do |d|
          Dir.mkdir(d)
          # mkdir's mode is filtered by the daemon's umask; chmod applies the asked mode exactly.
          File.chmod(mode(:dir_permissions, '0755'), d)
        end
      end

      def write_atomically(path, content)
        tmp = File.join(File.dirname(path), ".#{File.basename(path)}.#{SecureRandom.hex(6)}")
        File.open(tmp, File::WRONLY | File::CREAT | File::EXCL | File::BINARY, 0o600) do |f|
          f.write(content)
          f.fsync
        end
        FileUtils.chown(request[:user_owner] || 'root', request[:group_owner] || 'root', tmp)
        File.chmod(mode(:permissions, '0644'), tmp)
        File.rename(tmp, path)
      ensure
        FileUtils.rm_f(tmp) if tmp && File.exist?(tmp)
      end
    end
  end
end
