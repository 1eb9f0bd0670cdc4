module MCollective
  module Agent
    # Reads the marker that the bootstrap image, the provisioning image and the installed system
    # each write (`bootstrap`, `image`, `target`, `reprovisioned`); Astute's provisioning watch
    # loop polls it. `plugin.systemtype.file` moves the marker (tests use a scratch path).
    class Systemtype < RPC::Agent
      DEFAULT_FILE = '/etc/nailgun_systemtype'.freeze

      action 'get_type' do
        path = @config.pluginconf.fetch('systemtype.file', DEFAULT_FILE)
        begin
          reply[:node_type] = File.read(path).strip
        rescue SystemCallError => e
          reply.fail!("Cannot read #{path}: #{e.message}")
        end
      end
    end
  end
end
