#!/usr/bin/env ruby
# JSON-lines bridge between a Node process and MCollective's SimpleRPC client.
#
# Usage: ruby mco-bridge.rb --config client.cfg
#
# Reads one request per stdin line and writes one answer per stdout line, in order:
#   request: {"id":"7","agent":"puppetd","action":"runonce","args":{...},"nodes":["1"],"timeout":10}
#   answer:  {"id":"7","replies":[{"sender","statuscode","statusmsg","data"}],"no_response":[...]}
#   failure: {"id":"7","error":{"kind":"validation"|"request"|"internal","message":"..."}}
# The first line written is {"ready":true,...} once the middleware connection is up, or
# {"fatal":"..."} before exiting 1. The bridge exits 0 when stdin closes.
# Anything MCollective prints goes to stderr; stdout carries only protocol lines.
require 'json'
require 'optparse'
require 'stringio'

PROTOCOL = $stdout.dup
PROTOCOL.sync = true
$stdout.reopen($stderr)

require 'mcollective'

# Answers requests with one SimpleRPC client per agent, reused across requests.
class McoBridge
  def initialize(config)
    @config = config
    @clients = {}
  end

  def connect
    client('rpcutil')
  end

  def handle(request)
    nodes = Array(request.fetch('nodes'))
    raise ArgumentError, 'nodes must not be empty' if nodes.empty?

    rpc = client(request.fetch('agent'))
    rpc.timeout = effective_timeout(rpc, request['timeout'])
    rpc.discover(nodes: nodes.map(&:to_s))
    args = symbolize(request['args'] || {})
    # method_missing is SimpleRPC's entry point; calling it by name keeps actions such as
    # "status" or "options" from resolving to the client's own methods.
    results = rpc.method_missing(request.fetch('action').to_sym, args)
    { 'replies' => results.map { |result| reply_of(result) },
      'no_response' => rpc.stats.noresponsefrom }
  end

  private

  def client(agent)
    @clients[agent] ||= begin
      options = MCollective::Util.default_options.merge(
        config: @config, progress_bar: false, verbose: false,
        stdout: $stderr, stderr: $stderr, stdin: StringIO.new
      )
      rpc = MCollective::RPC::Client.new(agent, configfile: @config, options: options)
      rpc.progress = false
      rpc
    end
  end

  # Astute's rule: never wait longer than the agent's DDL timeout, after which the
  # server abandons the action anyway.
  def effective_timeout(rpc, asked)
    ddl_timeout = rpc.ddl.meta[:timeout]
    return ddl_timeout unless asked.is_a?(Numeric) && asked.positive?

    [asked, ddl_timeout].min
  end

  def symbolize(args)
    raise ArgumentError, 'args must be an object' unless args.is_a?(Hash)

    args.each_with_object({}) { |(key, value), out| out[key.to_sym] = value }
  end

  def reply_of(result)
    { 'sender' => result[:sender], 'statuscode' => result[:statuscode],
      'statusmsg' => result[:statusmsg], 'data' => result[:data] }
  end
end

# Makes any value JSON-safe: strings that are not valid UTF-8 (command output, file content)
# are scrubbed instead of failing the whole answer.
def json_safe(value)
  case value
  when Hash then value.each_with_object({}) { |(k, v), out| out[k.to_s] = json_safe(v) }
  when Array then value.map { |v| json_safe(v) }
  when String then utf8(value)
  when Symbol then value.to_s
  when Numeric, true, false, nil then value
  else utf8(value.to_s)
  end
end

def utf8(text)
  copy = text.dup.force_encoding(Encoding::UTF_8)
  copy.valid_encoding? ? copy : copy.scrub('?')
end

def answer(line)
  PROTOCOL.puts(JSON.generate(json_safe(line)))
end

def error_kind(error)
  case error
  when MCollective::DDLValidationError then 'validation'
  when ArgumentError, KeyError, JSON::ParserError then 'request'
  else error.message.start_with?("Can't find DDL") ? 'validation' : 'internal'
  end
end

config = nil
OptionParser.new do |opts|
  opts.on('--config FILE', 'MCollective client config') { |file| config = file }
end.parse!
abort('mco-bridge: --config is required') unless config

bridge = McoBridge.new(config)
begin
  bridge.connect
rescue Exception => e # rubocop:disable Lint/RescueException -- connector errors include Timeout
  answer('fatal' => "#{e.class}: #{e.message}")
  exit 1
end
answer('ready' => true, 'pid' => Process.pid, 'mcollective' => MCollective::VERSION)

$stdin.each_line do |line|
  next if line.strip.empty?

  id = nil
  begin
    request = JSON.parse(line)
    id = request['id']
    answer(bridge.handle(request).merge('id' => id))
  rescue Exception => e # rubocop:disable Lint/RescueException -- SimpleRPC raises Timeout::Error
    raise if e.is_a?(SystemExit) || e.is_a?(Interrupt)

    answer('id' => id, 'error' => { 'kind' => error_kind(e), 'message' => e.message })
  end
end
