// compose-check loads docker-compose.yml with the compose-go loader (the one `docker compose config` uses), so
// the file is validated without a Docker engine, and checks what operations rely on: the MongoDB replica set
// (one member, three with the `ha` profile), ≥ 2 api and worker replicas, Redis AOF + noeviction, the
// hash-tagged queue prefix, replicaSet= in the connection string, and that a missing secret is refused.
//
//	go run . ../../docker-compose.yml   (scripts/compose-check.sh does this)
package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

var secrets = []string{
	"HUOBAN_JWT_SECRET=0123456789abcdef0123456789abcdef",
	"HUOBAN_SERVICE_KEY=0123456789abcdef0123456789abcdef",
	"HUOBAN_ADMIN_USER=admin",
	"HUOBAN_ADMIN_PASSWORD=admin-password",
}

func load(file string, env []string, profiles []string) (*types.Project, error) {
	opts, err := cli.NewProjectOptions([]string{file}, cli.WithEnv(env), cli.WithProfiles(profiles), cli.WithName("huoban"),
		cli.WithResolvedPaths(true))
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(context.Background())
}

type checker struct{ failed []string }

func (c *checker) expect(ok bool, format string, args ...any) {
	if !ok {
		c.failed = append(c.failed, fmt.Sprintf(format, args...))
	}
}

func env(s types.ServiceConfig, key string) string {
	if v, ok := s.Environment[key]; ok && v != nil {
		return *v
	}
	return ""
}

func (c *checker) project(p *types.Project, profile string, members []string) {
	names := p.ServiceNames()
	for _, m := range members {
		c.expect(slices.Contains(names, m), "[%s] service %s missing", profile, m)
		if s, err := p.GetService(m); err == nil {
			c.expect(strings.Contains(strings.Join(s.Command, " "), "--replSet rs0"), "[%s] %s does not run with --replSet rs0", profile, m)
		}
	}
	c.expect(slices.Contains(names, "mongo-init"), "[%s] mongo-init missing", profile)
	for _, name := range []string{"api", "worker"} {
		s, err := p.GetService(name)
		if c.expect(err == nil, "[%s] %s missing", profile, name); err != nil {
			continue
		}
		c.expect(s.Deploy != nil && s.Deploy.Replicas != nil && *s.Deploy.Replicas >= 2, "[%s] %s needs deploy.replicas ≥ 2", profile, name)
		c.expect(s.DependsOn["mongo-init"].Condition == types.ServiceConditionCompletedSuccessfully,
			"[%s] %s must wait for mongo-init", profile, name)
	}
	for _, name := range []string{"api", "worker", "bot"} {
		s, err := p.GetService(name)
		if err != nil {
			continue
		}
		c.expect(strings.Contains(env(s, "HUOBAN_MONGO_URL"), "replicaSet=rs0"), "[%s] %s HUOBAN_MONGO_URL lacks replicaSet=rs0", profile, name)
		c.expect(env(s, "HUOBAN_QUEUE_PREFIX") == "{huoban}", "[%s] %s queue prefix is %q, not {huoban}", profile, name, env(s, "HUOBAN_QUEUE_PREFIX"))
	}
	if s, err := p.GetService("bot"); err == nil {
		c.expect(s.Deploy != nil && s.Deploy.Replicas != nil && *s.Deploy.Replicas == 1, "[%s] bot must have exactly one replica", profile)
	}
	if s, err := p.GetService("redis"); err == nil {
		cmd := strings.Join(s.Command, " ")
		c.expect(strings.Contains(cmd, "--appendonly yes"), "[%s] redis without AOF", profile)
		c.expect(strings.Contains(cmd, "--maxmemory-policy noeviction"), "[%s] redis without noeviction", profile)
	}
}

func main() {
	file := "docker-compose.yml"
	if len(os.Args) > 1 {
		file = os.Args[1]
	}
	c := &checker{}
	base, err := load(file, secrets, nil)
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %s does not load: %v\n", file, err)
		os.Exit(1)
	}
	c.project(base, "default", []string{"mongo"})
	c.expect(!slices.Contains(base.ServiceNames(), "mongo-2"), "[default] mongo-2 must be in the ha profile only")
	ha, err := load(file, secrets, []string{"ha"})
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %s does not load with --profile ha: %v\n", file, err)
		os.Exit(1)
	}
	c.project(ha, "ha", []string{"mongo", "mongo-2", "mongo-3"})
	c.expect(slices.Contains(ha.ServiceNames(), "mongo-init-ha"), "[ha] mongo-init-ha missing")
	for i := range secrets {
		without := slices.Delete(slices.Clone(secrets), i, i+1)
		_, err := load(file, without, nil)
		c.expect(err != nil, "a missing %s must be refused", strings.SplitN(secrets[i], "=", 2)[0])
	}
	if len(c.failed) > 0 {
		for _, f := range c.failed {
			fmt.Fprintln(os.Stderr, "compose-check: "+f)
		}
		os.Exit(1)
	}
	fmt.Printf("compose-check: %s ok (services: %s; ha adds %d)\n", file, strings.Join(base.ServiceNames(), ", "),
		len(ha.ServiceNames())-len(base.ServiceNames()))
}
